package io.mybouncer.proxy.session;

import io.mybouncer.protocol.auth.Scramble;
import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.proxy.frontend.AuthDecision;
import io.mybouncer.proxy.frontend.AuthExchange;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.ClientAuthenticator;
import io.mybouncer.proxy.frontend.FrontendSettings;
import io.mybouncer.proxy.frontend.LoginAdmission;
import io.netty.channel.Channel;

/**
 * One COM_CHANGE_USER, from the decoded command to the OK or ERR: the proxy authenticates the new
 * user itself, exactly as at login (the same users, plugins, RSA key and {@link LoginAdmission},
 * through a {@link ClientAuthenticator} and an {@link AuthExchange}), and tells its session how it
 * ended. The command's schema, character set and connect attributes replace the login's; those it
 * leaves out (no schema is "none", character set 0 and no attributes keep the login's) do not.
 *
 * <p>What a refusal does follows MariaDB 10.11 (captured through a raw client) and the MySQL C API
 * documentation: ERR 1045 with the usual message, and the connection stays open as the previous
 * user. Only a broken protocol (wrong sequence id, oversized or malformed packet) closes it.
 *
 * <p>Confined to the client channel's event loop, like its session.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html">COM_CHANGE_USER</a>
 */
final class UserChange implements AuthExchange.Outcome {
    private static final System.Logger LOG = System.getLogger(UserChange.class.getName());

    /** How the change ended; called once, on the client's event loop. */
    interface Listener {
        /** The client is now {@code login}; the OK is written right after. */
        void changed(AuthenticatedClient login);

        /** The client stays logged in as before; the ERR is written right after. */
        void refused();
    }

    private final Channel client;
    private final AuthenticatedClient current;
    private final FrontendSettings settings;
    private final LoginAdmission admission;
    private final Listener listener;
    private AuthExchange exchange;

    /**
     * @param current who the client is logged in as now: the transport, capabilities and what the
     *                command leaves out come from it
     */
    UserChange(Channel client, AuthenticatedClient current, FrontendSettings settings, LoginAdmission admission,
            Listener listener) {
        this.client = client;
        this.current = current;
        this.settings = settings;
        this.admission = admission;
        this.listener = listener;
    }

    /** Answers the command, which came with {@code sequenceId}. */
    void start(ComChangeUser command, int sequenceId) {
        // The authenticator's scramble is a placeholder: a change of user always switches plugin
        // with a fresh one, so the greeting's scramble is never answered twice.
        ClientAuthenticator authenticator = new ClientAuthenticator(settings.users(), current.transport(),
                Scramble.generate(settings.random()).bytes(), settings.rsaKeys(), settings.random());
        exchange = new AuthExchange(client, authenticator, admission, accept -> loginOf(command, accept), this,
                settings.server().serverVersion(), current.connectAttributes());
        exchange.start(sequenceId,
                authenticator.onChangeUser(command, current.capabilities().has(Capability.CLIENT_PLUGIN_AUTH)));
    }

    /** A client packet during the exchange; the caller keeps ownership of it. */
    void onPacket(Packet packet) {
        exchange.onPacket(packet);
    }

    /** The client left: nothing more is written, and a pending admission's password is wiped. */
    void abort() {
        if (exchange != null) {
            exchange.abort();
        }
    }

    private AuthenticatedClient loginOf(ComChangeUser command, AuthDecision.Accept accept) {
        return new AuthenticatedClient(accept.user(), command.database().isEmpty() ? null : command.database(),
                command.characterSet() != 0 ? command.characterSet() : current.collationId(),
                current.capabilities(),
                command.connectAttributes().isEmpty() ? current.connectAttributes() : command.connectAttributes(),
                current.transport(), accept.password());
    }

    @Override
    public void admitted(AuthenticatedClient login) {
        listener.changed(login);
    }

    /** A broken protocol closes the connection; a refusal leaves the client logged in as before. */
    @Override
    public boolean refused(AuthDecision.Deny deny, boolean violation) {
        if (!violation) {
            listener.refused();
        }
        return violation;
    }

    /** The admission's bug: the session cannot know who the client is now, so it ends. */
    @Override
    public void broken(Throwable error) {
        LOG.log(System.Logger.Level.ERROR, "COM_CHANGE_USER: login admission failed; closing the client", error);
        client.close();
    }
}
