package io.mybouncer.proxy.it;

/** {@link LocalInfileIntegrationTest} against MySQL 8.4; skipped where no Docker engine runs. */
@MySql84Variant
class LocalInfileOnMySql84IntegrationTest extends LocalInfileIntegrationTest {
}
