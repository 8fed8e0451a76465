/** Client sessions: the per-client state machine and the relay between a client and its backend. */
package io.mybouncer.proxy.session;
