package io.mybouncer.prefork.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * A worker's HTTP listener. Every worker binds the same port with SO_REUSEPORT, and the kernel
 * spreads incoming connections over them (by a hash of the connection's addresses), as it does
 * for the workers of nginx or of gunicorn with {@code --reuse-port}.
 */
public final class HttpListener {
    /** Large, so a burst of clients connecting at once is queued rather than refused. */
    private static final int BACKLOG = 1024;
    /** Requests are a GET line and a few headers; anything bigger is refused by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private HttpListener() {
    }

    /** Binds {@code host:port} (0: any free port) and serves with {@code handler}, which must be sharable. */
    public static Channel bind(EventLoopGroup group, String host, int port, ChannelHandler handler)
            throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(EpollChannelOption.SO_REUSEPORT, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("http-codec", new HttpServerCodec())
                                .addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast("http-keep-alive", new HttpServerKeepAliveHandler())
                                .addLast("query", handler);
                    }
                })
                .bind(host, port)
                .sync()
                .channel();
    }
}
