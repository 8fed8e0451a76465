package io.mybouncer.proxy.it;

/** {@link PoolLimitsIntegrationTest} against MySQL 8.4; skipped where no Docker engine runs. */
@MySql84Variant
class PoolLimitsOnMySql84IntegrationTest extends PoolLimitsIntegrationTest {
}
