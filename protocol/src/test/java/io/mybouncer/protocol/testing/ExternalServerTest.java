package io.mybouncer.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalServerTest {
    @Test
    void parsesHostPortUserAndPassword() {
        assertThat(ExternalServer.parse("db.example:3307:admin:secret"))
                .isEqualTo(new ExternalServer("db.example", 3307, "admin", "secret"));
    }

    @Test
    void passwordIsEverythingAfterTheThirdColon() {
        assertThat(ExternalServer.parse("127.0.0.1:3306:root:a:b:c").adminPassword()).isEqualTo("a:b:c");
    }

    @Test
    void passwordMayBeEmpty() {
        assertThat(ExternalServer.parse("127.0.0.1:3306:root:").adminPassword()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:3306:root", ":3306:root:pw", "host:0:root:pw", "host:65536:root:pw",
            "host:port:root:pw", "host:3306::pw"})
    void rejectsMalformedValues(String value) {
        assertThatThrownBy(() -> ExternalServer.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("MYBOUNCER_TEST_MYSQL: ")
                .hasMessageEndingWith("(expected: host:port:user:password)");
    }

    @Test
    void errorsAndToStringNeverShowThePassword() {
        assertThatThrownBy(() -> ExternalServer.parse("host:x:root:hunter2"))
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("host:x:root:***");
        assertThat(ExternalServer.parse("host:1:root:hunter2").toString()).doesNotContain("hunter2");
    }
}
