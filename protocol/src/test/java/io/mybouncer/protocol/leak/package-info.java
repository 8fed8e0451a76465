/** The leak gate: every test class fails when Netty's leak detector reports a buffer that was never released. */
package io.mybouncer.protocol.leak;
