/** The connection phase: handshake and login packets, and the authentication plugins on both sides. */
package io.mybouncer.protocol.auth;
