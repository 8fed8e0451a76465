/** The worker's HTTP side: one listener on the shared port, one endpoint, answers as JSON. */
package io.mybouncer.prefork.http;
