package io.mybouncer.proxy.it;

/** {@link DriverQueryIntegrationTest} against MySQL 8.4; skipped where no Docker engine runs. */
@MySql84Variant
class DriverQueryOnMySql84IntegrationTest extends DriverQueryIntegrationTest {
}
