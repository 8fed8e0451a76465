package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.number;
import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.text;

import io.mybouncer.proxy.admin.ConsoleAnswer.Column;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.session.ClientSession;
import io.mybouncer.proxy.session.SessionRegistry;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * SHOW CLIENTS: one row per logged-in client connection, pooled or on the console, by id (the
 * connection id its greeting announced, which KILL takes): who it is, its session state, its pins
 * (why it keeps its backend between transactions in transaction or statement mode, e.g.
 * {@code user_variable,temporary_table}; empty when it does not, and always in session mode, where the
 * whole session holds its backend), where it connects from,
 * the process and program its driver names in its connect attributes ({@code _pid},
 * {@code program_name}, {@code _client_name}), TLS, and when it logged in. The process id is the
 * driver's word; the fork-safety lookup of who really holds a socket is too costly for a listing.
 */
final class ShowClients implements ConsoleCommand {
    /** What the state column says for a console connection. */
    static final String CONSOLE = "console";
    private static final List<Column> COLUMNS = List.of(number("id"), text("user"), text("database"), text("state"),
            text("pins"), text("address"), number("pid"), text("program"), text("client"), text("tls"),
            text("connected_at"));

    private final SessionRegistry sessions;
    private final AdminConsole console;

    ShowClients(SessionRegistry sessions, AdminConsole console) {
        this.sessions = sessions;
        this.console = console;
    }

    @Override
    public ConsoleAnswer run(String argument, AdminSession caller) {
        List<Row> rows = new ArrayList<>();
        for (ClientSession session : sessions.sessions()) {
            rows.add(new Row(session.id(), session.login(), session.state().name().toLowerCase(Locale.ROOT),
                    session.pins(), session.channel(), session.loggedInAt()));
        }
        for (AdminSession admin : console.sessions()) {
            rows.add(new Row(admin.id(), admin.client(), CONSOLE, "", admin.channel(), admin.connectedAt()));
        }
        rows.sort(Comparator.comparingLong(Row::id));
        return new ConsoleAnswer.Table(COLUMNS, rows.stream().map(Row::values).toList());
    }

    private record Row(long id, AuthenticatedClient login, String state, String pins, Channel channel,
                       Instant since) {
        List<String> values() {
            return Arrays.asList(String.valueOf(id), login.user(), login.database() == null ? "" : login.database(),
                    state, pins, address(), login.connectAttributes().get("_pid"),
                    login.connectAttributes().get("program_name"), login.connectAttributes().get("_client_name"),
                    login.tls() ? "yes" : "no", ConsoleAnswer.timestamp(since));
        }

        /** {@code host:port} for TCP, {@code unix socket} for the Unix listener. */
        private String address() {
            if (channel.remoteAddress() instanceof InetSocketAddress inet) {
                return login.transport().host() + ":" + inet.getPort();
            }
            return "unix socket";
        }
    }
}
