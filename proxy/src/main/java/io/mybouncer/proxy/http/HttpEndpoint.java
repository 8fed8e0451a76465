package io.mybouncer.proxy.http;

import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.proxy.config.HostPort;
import io.mybouncer.proxy.metrics.ProxyMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener for metrics and health ({@code --http HOST:PORT}). It runs on the proxy's accept
 * thread, not on the event loops that relay queries, so a scrape never delays a client.
 */
public final class HttpEndpoint implements AutoCloseable {
    /** Requests are a line and a few headers; nothing legitimate comes near this. */
    private static final int MAX_REQUEST_BYTES = 8192;
    /** An HTTP connection that sends nothing for this long is closed (Prometheus keeps its own alive). */
    private static final int IDLE_SECONDS = 60;

    private final Channel channel;

    private HttpEndpoint(Channel channel) {
        this.channel = channel;
    }

    public static HttpEndpoint bind(HostPort address, NettyTransport transport, EventLoopGroup group,
            ProxyMetrics metrics, Readiness readiness) throws InterruptedException {
        HttpRequestHandler handler = new HttpRequestHandler(metrics, readiness);
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannelClass(false))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec(MAX_REQUEST_BYTES, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES))
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(handler);
                    }
                })
                .bind(address.host(), address.port()).sync().channel();
        return new HttpEndpoint(channel);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
