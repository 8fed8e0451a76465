/** The proxy's server side of the connection phase: greeting, TLS, client authentication, and the ERRs it sends. */
package io.mybouncer.proxy.frontend;
