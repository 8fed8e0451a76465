/** The MySQL client/server protocol as a library: framing, packets, auth plugins, response tracking. */
package io.mybouncer.protocol;
