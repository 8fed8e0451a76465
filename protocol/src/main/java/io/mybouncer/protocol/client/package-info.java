/**
 * A small MySQL client made of this library's pieces: login with any supported plugin, TLS, text
 * queries, prepared statements, LOCAL INFILE. The proxy's backend connector logs in with
 * {@link io.mybouncer.protocol.client.ClientLogin}; tests and the demo use
 * {@link io.mybouncer.protocol.client.MysqlClient}.
 */
package io.mybouncer.protocol.client;
