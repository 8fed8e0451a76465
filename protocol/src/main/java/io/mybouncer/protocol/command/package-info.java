/** The COM_* commands a client sends in the command phase, and the few the proxy must read or rewrite. */
package io.mybouncer.protocol.command;
