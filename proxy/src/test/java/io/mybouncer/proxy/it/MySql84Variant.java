package io.mybouncer.proxy.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the MySQL 8.4 variant of a scenario class: a subclass that inherits every test and runs them
 * against MySQL 8.4 in a container, where a Docker engine runs (skipped elsewhere). Read by
 * {@link ScenarioBackendExtension}.
 *
 * <pre>{@code
 * @MySql84Variant
 * class DriverQueryOnMySql84IntegrationTest extends DriverQueryIntegrationTest {
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface MySql84Variant {
}
