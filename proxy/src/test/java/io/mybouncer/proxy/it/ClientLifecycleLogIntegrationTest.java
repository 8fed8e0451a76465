package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.log.LineFormatter;
import io.mybouncer.proxy.log.LogFormat;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The log lines a client's arrival, refusal and departure leave, as an operator reads them. */
@ExtendWith(TestBackendExtension.class)
class ClientLifecycleLogIntegrationTest {
    private static final Logger LIFECYCLE = Logger.getLogger("io.mybouncer.proxy.session.ClientLifecycleLog");
    private static final LineFormatter FORMAT = new LineFormatter(LogFormat.KV);
    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LINES.add(FORMAT.format(record).strip());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        LIFECYCLE.addHandler(CAPTURE);
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults());
    }

    @AfterAll
    static void stopProxy() {
        LIFECYCLE.removeHandler(CAPTURE);
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void loginRefusalAndDepartureEachLeaveOneLineWithoutTheSecret() throws Exception {
        try (Connection connection = JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(),
                proxy.password(), ""); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
        assertThatThrownBy(() -> JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), "wrong-secret", ""))
                .isInstanceOf(SQLException.class);
        BoundedWait.until("three lifecycle lines", Duration.ofSeconds(10), () -> LINES.size() >= 3);

        assertThat(LINES).anyMatch(line -> line.contains("level=INFO logger=ClientLifecycleLog msg=\"client ")
                && line.matches(".*logged in: user=" + proxy.user() + " db=" + TestBackend.SCHEMA
                        + " from=127\\.0\\.0\\.1:\\d+ tls=no program=.*"));
        assertThat(LINES).anyMatch(line -> line.matches(
                ".*level=INFO .*msg=\"client \\d+ left: from=127\\.0\\.0\\.1:\\d+ after_ms=\\d+\".*"));
        assertThat(LINES).anyMatch(line -> line.matches(".*level=WARN .*msg=\"client \\d+ login refused:"
                + " from=127\\.0\\.0\\.1:\\d+ error=1045: Access denied for user .*"));
        assertThat(LINES).noneMatch(line -> line.contains("wrong-secret") || line.contains(proxy.password()));
    }
}
