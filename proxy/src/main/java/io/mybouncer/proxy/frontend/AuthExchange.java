package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.AuthMoreData;
import io.mybouncer.protocol.auth.CachingSha2Step;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.packet.ServerStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server side of one authentication from the decision on the client's first auth response
 * on: each {@link AuthDecision} of the {@link ClientAuthenticator} becomes a packet (auth switch,
 * more data), the client's answers go back to it, an accepted client goes to {@link LoginAdmission},
 * and the exchange ends with OK or ERR. The connection phase ({@link ClientHandshakeHandler}) and
 * COM_CHANGE_USER (the session) share it; they differ in what comes before and in what an ERR does
 * to the connection, which {@link Outcome} leaves to them.
 *
 * <pre>
 * client: HandshakeResponse41 or COM_CHANGE_USER (seq n)
 * proxy:  AuthSwitchRequest | AuthMoreData (n + 1), client answers (n + 2), ...
 * proxy:  [fast-auth-success] OK, or ERR
 * </pre>
 *
 * <p>Not thread-safe: confined to the channel's event loop, where the admission's answer is brought.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection phase</a>
 */
public final class AuthExchange {
    /** Status of a fresh session's OK (and of the greeting): autocommit. */
    static final ServerStatus AUTOCOMMIT = new ServerStatus(ServerStatus.AUTOCOMMIT);

    /** How the exchange ended; each is called once, on the event loop, and nothing follows it. */
    public interface Outcome {
        /**
         * Authenticated and admitted. Called just before the OK is written, so the session is ready
         * when the client, having read it, sends its first command.
         */
        void admitted(AuthenticatedClient client);

        /**
         * The client was refused (wrong password, a plugin it cannot use, admission said no) or broke the
         * protocol ({@code violation}: a wrong sequence id, a packet too large or malformed). Called just
         * before {@code deny}'s ERR is written, so what it records is there when the client reads the ERR.
         *
         * @return whether to close the connection once the ERR is written
         */
        boolean refused(AuthDecision.Deny deny, boolean violation);

        /** {@link LoginAdmission} broke its contract and completed exceptionally: a bug, not the client's doing. */
        void broken(Throwable error);
    }

    private enum State {
        /** Not started. */
        NEW,
        /** An auth packet of the client's comes next. */
        AWAIT_CLIENT,
        /** Accepted; waiting for {@link LoginAdmission}. The client sends nothing now. */
        AWAIT_ADMISSION,
        /** Ended, or aborted by the caller. */
        DONE
    }

    private final Channel channel;
    private final ClientAuthenticator authenticator;
    private final LoginAdmission admission;
    /** Builds what the session gets from the accepted credentials and what came before the exchange. */
    private final Function<AuthDecision.Accept, AuthenticatedClient> clients;
    private final Outcome outcome;
    /** See {@link MoreDataFraming}: a client that reads AuthMoreData without the status byte. */
    private final boolean moreDataWithoutStatus;

    private State state = State.NEW;
    /** The last sequence id on the wire in either direction; the next packet must carry it + 1. */
    private int sequenceId;

    /**
     * @param serverVersion     the version the client's greeting showed
     * @param connectAttributes the client's connect attributes (which client it is)
     */
    public AuthExchange(Channel channel, ClientAuthenticator authenticator, LoginAdmission admission,
            Function<AuthDecision.Accept, AuthenticatedClient> clients, Outcome outcome, String serverVersion,
            Map<String, String> connectAttributes) {
        this.channel = channel;
        this.authenticator = authenticator;
        this.admission = admission;
        this.clients = clients;
        this.outcome = outcome;
        this.moreDataWithoutStatus = MoreDataFraming.withoutStatusByte(serverVersion, connectAttributes);
    }

    /**
     * Acts on the authenticator's decision about the client's first auth response, which came with
     * {@code clientSequenceId}.
     */
    public void start(int clientSequenceId, AuthDecision first) {
        if (state != State.NEW) {
            throw new IllegalStateException("bad state: " + state);
        }
        sequenceId = clientSequenceId;
        decide(first);
    }

    /** One client packet during the exchange; the caller keeps ownership of it. */
    public void onPacket(Packet packet) {
        if (state == State.DONE) {
            // Refused and closing, or aborted: whatever else the client sent is dropped.
            return;
        }
        int expected = (sequenceId + 1) & 0xFF;
        AuthDecision.Deny misfit = misfit(packet, expected);
        if (packet.sequenceId() == expected) {
            sequenceId = expected;
        }
        if (misfit != null) {
            refuse(misfit, true);
            return;
        }
        if (state != State.AWAIT_CLIENT) {
            refuse(AuthDecision.Deny.of(ProxyError.PROTOCOL_VIOLATION, "login: a packet of "
                    + packet.content().readableBytes() + " bytes before the server's OK (expected: nothing until"
                    + " the login completes)"), true);
            return;
        }
        try {
            decide(authenticator.onAuthResponse(ByteBufUtil.getBytes(packet.content())));
        } catch (ProtocolException e) {
            refuse(AuthDecision.Deny.of(ProxyError.PROTOCOL_VIOLATION, e.getMessage()), true);
        }
    }

    /**
     * Ends the exchange with {@code deny}'s ERR, for a failure its caller noticed (a timeout, bytes
     * that could not be framed); reported to {@link Outcome#refused} as a violation.
     */
    public void fail(AuthDecision.Deny deny) {
        if (state != State.DONE) {
            refuse(deny, true);
        }
    }

    /**
     * Ends the exchange without a word to the client (it left, or its login took too long); an
     * admission still pending is then ignored and its password wiped.
     */
    public void abort() {
        state = State.DONE;
    }

    /**
     * Why a login packet cannot be taken, or {@code null} when it can: it must carry the
     * {@code expected} sequence id, and fit {@link ClientHandshakeHandler#MAX_LOGIN_PAYLOAD}. A packet
     * in order counts as on the wire even when too large, so the ERR follows it.
     */
    static AuthDecision.Deny misfit(Packet packet, int expected) {
        if (packet.sequenceId() != expected) {
            return AuthDecision.Deny.of(ProxyError.PACKETS_OUT_OF_ORDER, expected, packet.sequenceId());
        }
        int size = packet.content().readableBytes();
        if (size > ClientHandshakeHandler.MAX_LOGIN_PAYLOAD) {
            return AuthDecision.Deny.of(ProxyError.PACKET_TOO_LARGE, size, ClientHandshakeHandler.MAX_LOGIN_PAYLOAD);
        }
        return null;
    }

    private void decide(AuthDecision decision) {
        if (decision instanceof AuthDecision.Accept accept) {
            admit(accept);
        } else if (decision instanceof AuthDecision.Deny deny) {
            refuse(deny, false);
        } else if (decision instanceof AuthDecision.SwitchPlugin switchPlugin) {
            ask(switchPlugin.request()::encode);
        } else if (decision instanceof AuthDecision.RequestFullAuthentication) {
            ask(MoreDataFraming.writer(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.toAuthMoreData(),
                    moreDataWithoutStatus));
        } else if (decision instanceof AuthDecision.SendPublicKey key) {
            ask(MoreDataFraming.writer(new AuthMoreData(key.pem().getBytes(StandardCharsets.US_ASCII)),
                    moreDataWithoutStatus));
        } else {
            throw new IllegalStateException("unknown decision: " + decision);
        }
    }

    /** Sends one packet and waits for the client's next auth packet. */
    private void ask(Consumer<ByteBuf> writer) {
        state = State.AWAIT_CLIENT;
        write(writer);
        channel.flush();
    }

    private void admit(AuthDecision.Accept accept) {
        AuthenticatedClient client = clients.apply(accept);
        state = State.AWAIT_ADMISSION;
        admission.admit(client, channel.eventLoop()).whenComplete((refusal, error) -> {
            if (channel.eventLoop().inEventLoop()) {
                admitted(accept, client, refusal, error);
            } else {
                channel.eventLoop().execute(() -> admitted(accept, client, refusal, error));
            }
        });
    }

    private void admitted(AuthDecision.Accept accept, AuthenticatedClient client,
            Optional<AuthDecision.Deny> refusal, Throwable error) {
        if (state != State.AWAIT_ADMISSION) {
            // Aborted (timed out, or the client left) while admission was pending.
            wipe(client);
            return;
        }
        if (error != null) {
            wipe(client);
            state = State.DONE;
            outcome.broken(error);
            return;
        }
        if (refusal.isPresent()) {
            wipe(client);
            refuse(refusal.get(), false);
            return;
        }
        state = State.DONE;
        outcome.admitted(client);
        if (accept.fastAuthSuccess()) {
            write(MoreDataFraming.writer(CachingSha2Step.FAST_AUTH_SUCCESS.toAuthMoreData(), moreDataWithoutStatus));
        }
        write(out -> OkPacket.of(0, 0, AUTOCOMMIT, 0).encode(out, client.capabilities()));
        channel.flush();
    }

    private static void wipe(AuthenticatedClient client) {
        if (client.password() != null) {
            client.password().wipe();
        }
    }

    private void refuse(AuthDecision.Deny deny, boolean violation) {
        state = State.DONE;
        boolean close = outcome.refused(deny, violation);
        sequenceId = (sequenceId + 1) & 0xFF;
        ChannelFuture written = channel.writeAndFlush(ProxyError.encode(channel.alloc(), sequenceId, deny.packet()));
        if (close) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Writes one packet with the next sequence id; the caller flushes. */
    private void write(Consumer<ByteBuf> writer) {
        ByteBuf payload = channel.alloc().buffer();
        writer.accept(payload);
        sequenceId = (sequenceId + 1) & 0xFF;
        channel.write(new Packet(sequenceId, payload));
    }
}
