package io.mybouncer.proxy.admin;

import io.mybouncer.protocol.command.ComInitDb;
import io.mybouncer.protocol.command.ComQuery;
import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.proxy.config.AdminSettings;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.ProxyError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One client connected to the admin database, in place of a pooled session: it answers COM_QUERY
 * with the console's commands, COM_PING, COM_RESET_CONNECTION, COM_INIT_DB to the admin database and
 * COM_QUIT, and refuses every other command with an ERR; no backend is ever involved. A user who is
 * not an admin gets 1227 for every statement, so it can neither see nor change anything.
 *
 * <p>Confined to the channel's event loop. A command that answers later ({@link ConsoleAnswer.Later})
 * holds the commands behind it, so answers keep their order.
 */
final class AdminSession extends ChannelInboundHandlerAdapter {
    static final String NAME = "admin-session";
    private static final System.Logger LOG = System.getLogger(AdminSession.class.getName());
    /** A fresh session's status, as the login's OK reported it. */
    private static final ServerStatus STATUS = new ServerStatus(ServerStatus.AUTOCOMMIT);

    private enum State {
        /** Between commands. */
        READY,
        /** A command's answer is being prepared off the loop; later commands wait in {@link #held}. */
        ANSWERING,
        /** The connection closed. */
        CLOSED
    }

    private final long id;
    private final AuthenticatedClient client;
    private final Channel channel;
    private final AdminConsole console;
    private final Instant connectedAt = Instant.now();
    private final Deque<Packet> held = new ArrayDeque<>();
    private State state = State.READY;
    /** Sequence id of the client's last packet, for an ERR after its framing broke. */
    private int lastSequenceId;

    /** @param client the login; a password it revealed (passthrough) was wiped before this */
    AdminSession(long id, AuthenticatedClient client, Channel channel, AdminConsole console) {
        this.id = id;
        this.client = client;
        this.channel = channel;
        this.console = console;
    }

    long id() {
        return id;
    }

    AuthenticatedClient client() {
        return client;
    }

    Channel channel() {
        return channel;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Packet packet = (Packet) msg;
        lastSequenceId = packet.sequenceId();
        switch (state) {
            case READY -> onCommand(packet);
            case ANSWERING -> held.add(packet);
            case CLOSED -> packet.release();
            default -> throw new IllegalStateException("bad state: " + state);
        }
    }

    private void onCommand(Packet packet) {
        int sequenceId = packet.sequenceId() + 1;
        ConsoleAnswer answer;
        try {
            answer = answerTo(packet);
        } catch (ProtocolException e) {
            fail(sequenceId, e.getMessage());
            return;
        } finally {
            packet.release();
        }
        if (answer != null) {
            write(answer, sequenceId);
        }
    }

    /** The answer to one command packet, or null when none is owed. The caller releases the packet. */
    private ConsoleAnswer answerTo(Packet packet) {
        if (packet.isContinuation()) {
            return null; // the rest of a statement of 16 MiB or more, refused at its first packet
        }
        if (packet.hasContinuation()) {
            return ConsoleAnswer.Refused.of(ProxyError.ADMIN_SYNTAX, "a statement of 16 MiB or more",
                    "a console command");
        }
        CommandType command = CommandType.of(packet.firstByte());
        if (command == null) {
            return ConsoleAnswer.Refused.of(ProxyError.ADMIN_COMMAND_UNSUPPORTED,
                    String.format("command 0x%02X", packet.firstByte()));
        }
        return switch (command) {
            case COM_QUIT -> {
                channel.close();
                yield null;
            }
            case COM_PING, COM_RESET_CONNECTION -> new ConsoleAnswer.Done("");
            case COM_INIT_DB -> {
                String schema = ComInitDb.decode(packet.content().duplicate()).schema();
                yield AdminSettings.isConsole(schema) ? new ConsoleAnswer.Done("")
                        : ConsoleAnswer.Refused.of(ProxyError.ADMIN_UNKNOWN_DATABASE, schema);
            }
            case COM_QUERY -> query(ComQuery.queryText(packet.content(), client.capabilities(),
                    StandardCharsets.UTF_8));
            default -> ConsoleAnswer.Refused.of(ProxyError.ADMIN_COMMAND_UNSUPPORTED, command.name());
        };
    }

    private ConsoleAnswer query(String sql) {
        if (!console.isAdmin(client.user())) {
            return ConsoleAnswer.Refused.of(ProxyError.ADMIN_ACCESS_DENIED, client.user());
        }
        return console.execute(sql, this);
    }

    private void write(ConsoleAnswer answer, int sequenceId) {
        if (answer instanceof ConsoleAnswer.Later later) {
            state = State.ANSWERING;
            later.answer().whenComplete((done, error) -> channel.eventLoop().execute(() -> {
                if (state == State.CLOSED) {
                    return;
                }
                if (error != null) {
                    // The command's own failures are answers; an exception here is a bug.
                    LOG.log(System.Logger.Level.ERROR, "admin console " + id + ": a command failed; closing", error);
                    channel.close();
                    return;
                }
                state = State.READY;
                write(done, sequenceId);
                for (Packet packet; state == State.READY && (packet = held.poll()) != null; ) {
                    onCommand(packet);
                }
            }));
            return;
        }
        if (answer instanceof ConsoleAnswer.Table table) {
            TextResultSetWriter.write(channel, sequenceId, client.capabilities(), table);
        } else if (answer instanceof ConsoleAnswer.Done done) {
            ByteBuf payload = channel.alloc().buffer();
            new OkPacket(OkPacket.HEADER, 0, 0, STATUS, 0, done.info(), List.of())
                    .encode(payload, client.capabilities());
            channel.write(new Packet(sequenceId, payload));
        } else if (answer instanceof ConsoleAnswer.Refused refused) {
            channel.write(refused.error().toPacket(channel.alloc(), sequenceId, refused.arguments().toArray()));
        } else {
            throw new IllegalStateException("unknown answer: " + answer);
        }
        channel.flush();
    }

    /** Bytes that do not form the expected packet: tell the client why, then close. */
    private void fail(int sequenceId, String detail) {
        channel.writeAndFlush(ProxyError.PROTOCOL_VIOLATION.toPacket(channel.alloc(), sequenceId, detail));
        channel.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        LOG.log(System.Logger.Level.INFO, "admin console {0}: closing after client error: {1}", String.valueOf(id),
                reason.toString());
        fail(lastSequenceId + 1, String.valueOf(reason.getMessage()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        for (Packet packet; (packet = held.poll()) != null; ) {
            packet.release();
        }
        ctx.fireChannelInactive();
    }
}
