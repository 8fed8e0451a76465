package io.mybouncer.protocol.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMariaDbIntegrationTest {
    @BeforeAll
    static void requireMariadbd() {
        assumeTrue(LocalMariaDb.findServer().isPresent(), "no mariadbd on this machine");
    }

    // Each start costs a second or more, so each test checks several things of one server.

    @Test
    void startsTwoPlainServersAtOnceOnTheirOwnPortsAndSockets() throws Exception {
        Callable<LocalMariaDb> start = () -> LocalMariaDb.start(LocalMariaDb.Options.defaults().withTls(false));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            List<Future<LocalMariaDb>> starting = executor.invokeAll(List.of(start, start));
            try (LocalMariaDb first = starting.get(0).get(); LocalMariaDb second = starting.get(1).get()) {
                assertThat(first.port()).isNotEqualTo(second.port());
                assertThat(first.socket()).isNotEqualTo(second.socket());
                for (LocalMariaDb server : List.of(first, second)) {
                    assertThat(query(server, "SELECT @@port")).isEqualTo(String.valueOf(server.port()));
                    assertThat(query(server, "SELECT @@have_ssl")).isEqualTo("DISABLED");
                    assertThat(server.caCert()).isEmpty();
                    // The greeting says "5.5.5-10.11..."; the prefix is dropped, as VERSION() does.
                    assertThat(server.serverVersion()).isEqualTo(query(server, "SELECT VERSION()")).contains("MariaDB");
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void tlsServerWithExtraOptionsIsStoppedAndDeletedByClose() throws Exception {
        LocalMariaDb.Options options = LocalMariaDb.Options.defaults().withServerOptions("--max-allowed-packet=32M");
        LocalMariaDb server = LocalMariaDb.start(options);
        Path folder = server.socket().getParent();
        assertThat(server.caCert()).hasValueSatisfying(ca -> assertThat(ca).hasParent(folder));
        assertThat(query(server, "SELECT @@have_ssl")).isEqualTo("YES");
        assertThat(query(server, "SELECT @@max_allowed_packet")).isEqualTo(String.valueOf(32 * 1024 * 1024));

        server.close();
        server.close(); // idempotent: the test fixture's store and shutdown hook may both close

        assertThat(folder).doesNotExist();
        assertThatThrownBy(() -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(server.host(), server.port()), 1000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void givenDataDirectoryIsInitialisedOnceAndKept(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("data");
        Files.createDirectory(dataDir);
        LocalMariaDb.Options options = LocalMariaDb.Options.defaults().withTls(false).withDataDir(dataDir);
        try (LocalMariaDb server = LocalMariaDb.start(options)) {
            execute(server, "CREATE DATABASE kept");
        }
        assertThat(dataDir.resolve("kept")).isDirectory();
        try (LocalMariaDb server = LocalMariaDb.start(options)) {
            assertThat(query(server, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'kept'"))
                    .isEqualTo("kept");
        }
    }

    @Test
    void failedStartCarriesTheServerLog() {
        LocalMariaDb.Options options = LocalMariaDb.Options.defaults().withTls(false)
                .withServerOptions("--no-such-option-for-mybouncer");
        assertThatThrownBy(() -> LocalMariaDb.start(options))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("before accepting connections")
                .hasMessageContaining("no-such-option-for-mybouncer");
    }

    @Test
    void rejectsPortOutOfRange() {
        assertThatThrownBy(() -> LocalMariaDb.Options.defaults().withPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port: 65536 (expected: 0 to 65535)");
    }

    private static String query(LocalMariaDb server, String sql) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }

    private static void execute(LocalMariaDb server, String sql) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(LocalMariaDb server) throws SQLException {
        String url = "jdbc:mariadb://" + server.host() + ":" + server.port() + "/";
        return DriverManager.getConnection(url, server.rootUser(), server.rootPassword());
    }
}
