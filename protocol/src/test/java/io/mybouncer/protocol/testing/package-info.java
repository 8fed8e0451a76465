/** The real-server test fixture shared by every module's integration tests (through the protocol test-jar). */
package io.mybouncer.protocol.testing;
