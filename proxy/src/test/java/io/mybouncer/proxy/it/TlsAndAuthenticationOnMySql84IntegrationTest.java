package io.mybouncer.proxy.it;

/** {@link TlsAndAuthenticationIntegrationTest} against MySQL 8.4; skipped where no Docker engine runs. */
@MySql84Variant
class TlsAndAuthenticationOnMySql84IntegrationTest extends TlsAndAuthenticationIntegrationTest {
}
