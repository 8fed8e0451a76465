package io.mybouncer.proxy.it;

import io.mybouncer.protocol.testing.MySqlContainerExtension;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The backend of a scenario class written once for every server: the fixture's own
 * ({@link TestBackendExtension}: the private MariaDB here), or MySQL 8.4 for a subclass marked
 * {@link MySql84Variant} ({@link MySqlContainerExtension}, which skips the class where no Docker
 * engine runs). Registered on the scenario class, so its variant subclasses inherit it; the two
 * extensions cannot both be registered, as each resolves {@link TestBackend}.
 */
final class ScenarioBackendExtension implements ExecutionCondition, ParameterResolver {
    private final TestBackendExtension fixture = new TestBackendExtension();
    private final MySqlContainerExtension mysql = new MySqlContainerExtension();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return isMySql84Variant(context) ? mysql.evaluateExecutionCondition(context)
                : ConditionEvaluationResult.enabled("the fixture's backend");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBackend.class;
    }

    @Override
    public TestBackend resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return isMySql84Variant(context) ? mysql.resolveParameter(parameter, context)
                : fixture.resolveParameter(parameter, context);
    }

    private static boolean isMySql84Variant(ExtensionContext context) {
        return context.getTestClass().map(type -> type.isAnnotationPresent(MySql84Variant.class)).orElse(false);
    }
}
