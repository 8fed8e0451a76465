/** Fork-hazard detection: which processes hold the client's end of a connection to the proxy. */
package io.mybouncer.proxy.forksafety;
