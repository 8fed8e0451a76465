package io.mybouncer.proxy.it;

/** {@link CommandLineClientIntegrationTest} against MySQL 8.4; skipped where no Docker engine runs. */
@MySql84Variant
class CommandLineClientOnMySql84IntegrationTest extends CommandLineClientIntegrationTest {
}
