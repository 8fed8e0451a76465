package io.mybouncer.proxy.it;

/** {@link LargeResultIntegrationTest} against MySQL 8.4; skipped where no Docker engine runs. */
@MySql84Variant
class LargeResultOnMySql84IntegrationTest extends LargeResultIntegrationTest {
}
