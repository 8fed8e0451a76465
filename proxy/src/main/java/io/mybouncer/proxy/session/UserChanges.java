package io.mybouncer.proxy.session;

import io.mybouncer.protocol.auth.Scramble;
import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.proxy.frontend.AuthDecision;
import io.mybouncer.proxy.frontend.AuthExchange;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.ClientAuthenticator;
import io.mybouncer.proxy.frontend.FrontendSettings;
import io.mybouncer.proxy.frontend.LoginAdmission;
import io.mybouncer.proxy.frontend.ProxyError;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The COM_CHANGE_USERs of one client session, one at a time, each from the decoded command to the
 * OK or ERR: the proxy authenticates the new user itself, exactly as at login (the same users,
 * plugins, RSA key and {@link LoginAdmission}, through a {@link ClientAuthenticator} and an
 * {@link AuthExchange}), and tells its session how it ended. The command's schema, character set
 * and connect attributes replace the login's; those it leaves out (no schema is "none", character
 * set 0 and no attributes keep the login's) do not.
 *
 * <p>What a refusal does follows MariaDB 10.11 (captured through a raw client) and the MySQL C API
 * documentation: ERR 1045 with the usual message, and the connection stays open as the previous
 * user. After {@link #MAX_FAILURES} refusals on a connection, MariaDB answers every further
 * COM_CHANGE_USER with "Unknown command" (captured), against password guessing over an open
 * connection; so does the proxy. Only a broken protocol (wrong sequence id, oversized or malformed
 * packet) closes the connection.
 *
 * <p>Confined to the client channel's event loop, like its session.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html">COM_CHANGE_USER</a>
 */
final class UserChanges implements AuthExchange.Outcome {
    static final int MAX_FAILURES = 3;
    private static final System.Logger LOG = System.getLogger(UserChanges.class.getName());

    private final Channel client;
    private final FrontendSettings settings;
    private final LoginAdmission admission;
    /** The client is now who it names; the OK is written right after. */
    private final Consumer<AuthenticatedClient> changed;
    /** The client stays logged in as before; the ERR is written right after. */
    private final Runnable refused;
    /** The exchange of the change under way; null between changes. */
    private AuthExchange exchange;
    private int failures;

    /**
     * @param settings  what the login authenticated against, and so does every change
     * @param admission the login's admission, which every change passes too
     * @param changed   told, on the client's loop, who the client is after a change
     * @param refused   told, on the client's loop, that a change was refused
     */
    UserChanges(Channel client, FrontendSettings settings, LoginAdmission admission,
            Consumer<AuthenticatedClient> changed, Runnable refused) {
        this.client = client;
        this.settings = settings;
        this.admission = admission;
        this.changed = changed;
        this.refused = refused;
    }

    /**
     * Reads a COM_CHANGE_USER packet, which the caller keeps. Empty after {@link #MAX_FAILURES}
     * refusals: its ERR is written here and the session carries on untouched.
     *
     * @param capabilities the client's, which say how the command is laid out
     * @throws ProtocolException when the command is malformed, or 16 MiB or more
     */
    Optional<ComChangeUser> decode(Packet packet, CapabilitySet capabilities) {
        if (failures >= MAX_FAILURES) {
            client.writeAndFlush(ProxyError.CHANGE_USER_LOCKED.toPacket(client.alloc(), packet.sequenceId() + 1,
                    MAX_FAILURES));
            return Optional.empty();
        }
        if (packet.hasContinuation()) {
            throw new ProtocolException("COM_CHANGE_USER: 16 MiB or more (expected: a login-sized command)");
        }
        return Optional.of(ComChangeUser.decode(packet.content(), capabilities));
    }

    /**
     * Answers the command, which came with {@code sequenceId}.
     *
     * @param current who the client is logged in as now: the transport, capabilities and what the
     *                command leaves out come from it
     */
    void start(ComChangeUser command, int sequenceId, AuthenticatedClient current) {
        if (exchange != null) {
            throw new IllegalStateException("a COM_CHANGE_USER is already under way");
        }
        // The authenticator's scramble is a placeholder: a change of user always switches plugin
        // with a fresh one, so the greeting's scramble is never answered twice.
        ClientAuthenticator authenticator = new ClientAuthenticator(settings.users(), current.transport(),
                Scramble.generate(settings.random()).bytes(), settings.rsaKeys(), settings.random());
        exchange = new AuthExchange(client, authenticator, admission, accept -> loginOf(command, accept, current),
                this, settings.server().serverVersion(), current.connectAttributes());
        exchange.start(sequenceId,
                authenticator.onChangeUser(command, current.capabilities().has(Capability.CLIENT_PLUGIN_AUTH)));
    }

    /** Whether the proxy has answered a change and waits for the client's next auth packet or the admission. */
    boolean underWay() {
        return exchange != null;
    }

    /** A client packet during the change under way; the caller keeps ownership of it. */
    void onPacket(Packet packet) {
        exchange.onPacket(packet);
    }

    /** The client left: nothing more is written, and a pending admission's password is wiped. */
    void abort() {
        if (exchange != null) {
            exchange.abort();
            exchange = null;
        }
    }

    private static AuthenticatedClient loginOf(ComChangeUser command, AuthDecision.Accept accept,
            AuthenticatedClient current) {
        return new AuthenticatedClient(accept.user(), command.database().isEmpty() ? null : command.database(),
                command.characterSet() != 0 ? command.characterSet() : current.collationId(),
                current.capabilities(),
                command.connectAttributes().isEmpty() ? current.connectAttributes() : command.connectAttributes(),
                current.transport(), accept.password());
    }

    @Override
    public void admitted(AuthenticatedClient login) {
        exchange = null;
        changed.accept(login);
    }

    /** A broken protocol closes the connection; a refusal leaves the client logged in as before. */
    @Override
    public boolean refused(AuthDecision.Deny deny, boolean violation) {
        exchange = null;
        if (!violation) {
            failures++;
            refused.run();
        }
        return violation;
    }

    /** The admission's bug: the session cannot know who the client is now, so it ends. */
    @Override
    public void broken(Throwable error) {
        exchange = null;
        LOG.log(System.Logger.Level.ERROR, "COM_CHANGE_USER: login admission failed; closing the client", error);
        client.close();
    }
}
