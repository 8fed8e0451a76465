package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.RawResponse;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.TlsMode;
import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.testing.TestBackend;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol library's client through the proxy: over the Unix socket listener, over TLS, and
 * sending a command the proxy refuses (COM_BINLOG_DUMP) as raw bytes.
 */
@ExtendWith(ScenarioBackendExtension.class)
class ProtocolClientIntegrationTest {
    private static final long TIMEOUT_SECONDS = 20;

    @TempDir
    static Path directory;
    private static RunningProxy proxy;
    private static EventLoopGroup clientGroup;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        proxy = RunningProxy.start(backend,
                RunningProxy.Settings.defaults().withUnixSocket(directory.resolve("mybouncer.sock")));
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static MysqlClient connect(ServerAddress address, ClientOptions options) throws Exception {
        return MysqlClient.connect(clientGroup, NettyTransport.NIO, address, options)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static ClientOptions options() {
        return ClientOptions.of(proxy.user(), proxy.password()).withDatabase(TestBackend.SCHEMA);
    }

    private static ServerAddress tcp() {
        return new ServerAddress.Tcp(RunningProxy.HOST, proxy.port());
    }

    @Test
    void queriesOverTheUnixSocket() throws Exception {
        try (MysqlClient client = connect(new ServerAddress.Unix(proxy.unixSocket()), options())) {
            assertThat(client.session().tls()).isFalse();
            assertThat(client.query("SELECT DATABASE(), 6 * 7").get(TIMEOUT_SECONDS, TimeUnit.SECONDS).rows())
                    .containsExactly(List.of(TestBackend.SCHEMA, "42"));
            client.ping().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void queriesOverTls() throws Exception {
        try (MysqlClient client = connect(tcp(), options().withTls(TlsMode.REQUIRED, null))) {
            assertThat(client.session().tls()).isTrue();
            assertThat(client.query("SELECT 'over tls'").get(TIMEOUT_SECONDS, TimeUnit.SECONDS).rows())
                    .containsExactly(List.of("over tls"));
        }
    }

    @Test
    void refusesBinlogDumpAndStaysUsable() throws Exception {
        try (MysqlClient client = connect(tcp(), options())) {
            assertMysqlError(() -> sendBinlogDump(client), 1235, "42000", "COM_BINLOG_DUMP");

            assertThat(client.query("SELECT 'still here'").get(TIMEOUT_SECONDS, TimeUnit.SECONDS).rows())
                    .containsExactly(List.of("still here"));
        }
    }

    /**
     * COM_BINLOG_DUMP: position 4, no flags, server id 1, no file name. Throws the ERR the proxy
     * answers with as a {@link MysqlServerException}.
     *
     * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump.html">COM_BINLOG_DUMP</a>
     */
    private static void sendBinlogDump(MysqlClient client) throws Exception {
        ByteBuf payload = client.channel().alloc().buffer();
        payload.writeByte(CommandType.COM_BINLOG_DUMP.code()).writeIntLE(4).writeShortLE(0).writeIntLE(1);
        RawResponse response = client.sendRaw(payload).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            if (response.end().isError()) {
                throw new MysqlServerException(response.end().errorCode(),
                        response.end().sqlState(), response.end().errorMessage());
            }
        } finally {
            response.release();
        }
    }
}
