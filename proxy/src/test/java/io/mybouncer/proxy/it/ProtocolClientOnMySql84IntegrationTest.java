package io.mybouncer.proxy.it;

/** {@link ProtocolClientIntegrationTest} against MySQL 8.4; skipped where no Docker engine runs. */
@MySql84Variant
class ProtocolClientOnMySql84IntegrationTest extends ProtocolClientIntegrationTest {
}
