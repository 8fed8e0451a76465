package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.TlsMode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the proxy connects to its backend.
 *
 * @param address        the server's TCP address or Unix socket
 * @param tlsMode        TLS to the backend
 * @param caCertificate  CA for {@link TlsMode#VERIFY_CA}, or null
 * @param connectTimeout connecting and logging in may take this long
 * @param maxPayload     the largest logical packet accepted from the backend
 */
public record BackendTarget(ServerAddress address, TlsMode tlsMode, Path caCertificate, Duration connectTimeout,
        long maxPayload) {

    /** A bootstrap that connects to this backend from {@code loop}, bounded by the connect timeout. */
    public Bootstrap bootstrap(EventLoop loop, NettyTransport transport) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channelClass(address))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        if (address instanceof ServerAddress.Tcp) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        return bootstrap;
    }
}
