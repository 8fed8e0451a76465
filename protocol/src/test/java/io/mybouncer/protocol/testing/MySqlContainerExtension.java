package io.mybouncer.protocol.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * For tests that need MySQL 8.4 itself (caching_sha2_password, MySQL-only behaviour): resolves
 * {@link TestBackend} parameters to the JVM's MySQL 8.4 container, and disables the tests, reported
 * as skipped, where no Docker engine runs.
 *
 * <pre>{@code
 * @ExtendWith(MySqlContainerExtension.class)
 * class CachingSha2IntegrationTest { @Test void fullAuthOverTls(TestBackend mysql) { ... } }
 * }</pre>
 * Do not combine with {@link TestBackendExtension} on one class: both resolve {@code TestBackend}.
 */
public final class MySqlContainerExtension implements ExecutionCondition, ParameterResolver {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return MySqlContainer.dockerAvailable()
                ? ConditionEvaluationResult.enabled("Docker engine available for MySQL 8.4")
                : ConditionEvaluationResult.disabled("no Docker engine: MySQL 8.4 container tests skipped");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBackend.class;
    }

    @Override
    public TestBackend resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return MySqlContainer.shared(context).backend();
    }
}
