/** Live backend connections: connect and log in, run the proxy's own commands, relay responses. */
package io.mybouncer.proxy.backend;
