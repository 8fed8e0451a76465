package io.mybouncer.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleStatementTest {
    @Test
    void verbsAreCaseInsensitiveAndBlanksAndSemicolonsDoNotCount() {
        ConsoleStatement statement = ConsoleStatement.parse("  show\tPools ;; \n");

        assertThat(statement.text()).isEqualTo("show\tPools");
        assertThat(statement.verb(2)).hasValue("SHOW POOLS");
        assertThat(statement.verb(1)).hasValue("SHOW");
        assertThat(statement.after(2)).isEmpty();
        assertThat(statement.verb(3)).isEmpty();
    }

    @Test
    void theArgumentIsWhatFollowsTheVerbAsWritten() {
        ConsoleStatement statement = ConsoleStatement.parse("SET log_level = 'Debug';");

        assertThat(statement.verb(1)).hasValue("SET");
        assertThat(statement.after(1)).isEqualTo("log_level = 'Debug'");
        assertThat(ConsoleStatement.parse("kill  42").after(1)).isEqualTo("42");
    }

    @Test
    void leadingCommentsAreSkippedAsConnectorJWritesThem() {
        ConsoleStatement statement = ConsoleStatement.parse(
                "/* mysql-connector-j-9.5.0 (Revision: abc) */SELECT  @@session.auto_increment_increment AS a");

        assertThat(statement.verb(1)).hasValue("SELECT");
        assertThat(statement.after(1)).isEqualTo("@@session.auto_increment_increment AS a");
        assertThat(ConsoleStatement.parse("/* a */ /* b\n c */ RESUME").verb(1)).hasValue("RESUME");
    }

    @Test
    void anEmptyStatementHasNoVerb() {
        assertThat(ConsoleStatement.parse(" ; ").isEmpty()).isTrue();
        assertThat(ConsoleStatement.parse(";").verb(1)).isEmpty();
        assertThat(ConsoleStatement.parse("/* only a comment */").isEmpty()).isTrue();
    }

    @Test
    void longStatementsAreCutInMessages() {
        assertThat(ConsoleStatement.parse("x".repeat(100)).quoted()).hasSize(63).endsWith("...");
    }
}
