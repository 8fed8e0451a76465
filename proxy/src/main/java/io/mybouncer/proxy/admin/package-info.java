/** The admin console: a virtual database on the proxy's own listeners that answers PgBouncer-style commands. */
package io.mybouncer.proxy.admin;
