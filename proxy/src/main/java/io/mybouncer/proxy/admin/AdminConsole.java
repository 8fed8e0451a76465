package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.text;

import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.ProxyError;
import io.mybouncer.proxy.metrics.ProxyMetrics;
import io.mybouncer.proxy.pool.PoolRegistry;
import io.mybouncer.proxy.session.AdminRoute;
import io.mybouncer.proxy.session.SessionRegistry;
import io.netty.channel.ChannelHandlerContext;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The admin console (PgBouncer's {@code admin.c}): clients that log in to the database
 * {@code mybouncer} get an {@link AdminSession} instead of a pooled one, and their statements are
 * looked up here, by verb, in one table of commands. Commands read the pools, the sessions and the
 * metrics directly and ask {@link ProxyControl} for the rest. Only the users in {@code admin_users}
 * (as of the last RELOAD) may run them.
 */
public final class AdminConsole implements AdminRoute {
    private static final System.Logger LOG = System.getLogger(AdminConsole.class.getName());

    /**
     * A command as the table holds it.
     *
     * @param syntax      how SHOW HELP writes it
     * @param description what SHOW HELP says it does; {@code null} for what drivers send at connect,
     *                    which SHOW HELP leaves out
     * @param argument    whether anything may follow the verb
     */
    private record Entry(String syntax, String description, boolean argument, ConsoleCommand command) {
    }

    private final ProxyControl control;
    /** Verb (one or two words, upper case) to its command, in SHOW HELP's order. */
    private final Map<String, Entry> commands = new LinkedHashMap<>();
    /** The console's own connections, by connection id. */
    private final Map<Long, AdminSession> sessions = new ConcurrentHashMap<>();

    /** @param reloads where RELOAD reads files, off the event loops */
    public AdminConsole(PoolRegistry pools, SessionRegistry clients, ProxyMetrics metrics, ProxyControl control,
            Executor reloads) {
        this.control = control;
        ControlCommands controls = new ControlCommands(pools, clients, this, control, reloads);
        DriverProbes probes = new DriverProbes(control);
        command("SHOW HELP", "SHOW HELP", "this list", false, (argument, caller) -> help());
        command("SHOW POOLS", "SHOW POOLS", "pools: clients active and waiting, backends by state, longest wait",
                false, new ShowPools(pools, clients));
        command("SHOW CLIENTS", "SHOW CLIENTS", "client connections: user, state, address, process, program",
                false, new ShowClients(clients, this));
        command("SHOW SERVERS", "SHOW SERVERS", "backend connections: pool, state, server id, age", false,
                new ShowServers(pools));
        command("SHOW STATS", "SHOW STATS", "totals since start: queries, transactions, bytes, errors", false,
                new ShowStats(metrics, pools));
        command("SHOW CONFIG", "SHOW CONFIG", "settings in force (secrets masked) and how each changes", false,
                new ShowConfig(control));
        command("SHOW VERSION", "SHOW VERSION", "mybouncer's version and the backend's", false, controls::version);
        command("SET", "SET log_level = debug|info|warn|error", "log level from now on", true, controls::set);
        command("PAUSE", "PAUSE", "stop handing out backends (clients that hold one keep it)", false, controls::pause);
        command("RESUME", "RESUME", "hand out backends again", false, controls::resume);
        command("RELOAD", "RELOAD", "read the configuration file again (also on SIGHUP)", false, controls::reload);
        command("KILL", "KILL client_id", "close a client connection (ids from SHOW CLIENTS)", true, controls::kill);
        command("SHUTDOWN", "SHUTDOWN", "stop accepting, close clients between transactions, exit", false,
                controls::shutdown);
        command("SELECT", "SELECT @@variable, ...", null, true, probes::select);
        command("SHOW VARIABLES", "SHOW VARIABLES [LIKE 'pattern']", null, true, probes::variables);
        command("SHOW WARNINGS", "SHOW WARNINGS", null, true, probes::warnings);
        command("SHOW DATABASES", "SHOW DATABASES", null, false, probes::databases);
        command("USE", "USE mybouncer", null, true, probes::use);
    }

    private void command(String verb, String syntax, String description, boolean argument, ConsoleCommand command) {
        commands.put(verb, new Entry(syntax, description, argument, command));
    }

    /**
     * A logged-in client chose the admin database: it gets the console whether or not it is an admin
     * (one that is not gets 1227 for every statement). The console keeps no password.
     */
    @Override
    public void enter(ChannelHandlerContext starter, long sessionId, AuthenticatedClient client) {
        if (client.password() != null) {
            client.password().wipe();
        }
        AdminSession session = new AdminSession(sessionId, client, starter.channel(), this);
        sessions.put(sessionId, session);
        starter.channel().closeFuture().addListener(closed -> sessions.remove(sessionId));
        starter.pipeline().replace(starter.handler(), AdminSession.NAME, session);
        LOG.log(Level.INFO, "admin console {0}: user {1} from {2}{3}", String.valueOf(sessionId), client.user(),
                client.transport().host(),
                isAdmin(client.user()) ? "" : " (not in admin_users: every command refused)");
    }

    /** Whether {@code user} may run console commands, by the configuration in force now. */
    boolean isAdmin(String user) {
        return control.config().admin().users().contains(user);
    }

    /** Runs one statement of an admin's, on its connection's event loop. */
    ConsoleAnswer execute(String sql, AdminSession caller) {
        ConsoleStatement statement = ConsoleStatement.parse(sql);
        if (statement.isEmpty()) {
            return ConsoleAnswer.Refused.of(ProxyError.ADMIN_SYNTAX, "an empty statement",
                    "a command; SHOW HELP lists them");
        }
        for (int words = 2; words >= 1; words--) {
            Optional<String> verb = statement.verb(words);
            Entry entry = verb.map(commands::get).orElse(null);
            if (entry == null) {
                continue;
            }
            String argument = statement.after(words);
            if (!entry.argument() && !argument.isEmpty()) {
                return ConsoleAnswer.Refused.of(ProxyError.ADMIN_SYNTAX, "'" + argument + "' after " + verb.get(),
                        entry.syntax());
            }
            return entry.command().run(argument, caller);
        }
        return ConsoleAnswer.Refused.of(ProxyError.ADMIN_SYNTAX, "unknown command '" + statement.quoted() + "'",
                "a command SHOW HELP lists");
    }

    private ConsoleAnswer help() {
        List<List<String>> rows = new ArrayList<>();
        commands.values().stream().filter(entry -> entry.description() != null)
                .forEach(entry -> rows.add(List.of(entry.syntax(), entry.description())));
        return new ConsoleAnswer.Table(List.of(text("command"), text("description")), rows);
    }

    /** The console's connections now. */
    Collection<AdminSession> sessions() {
        return sessions.values();
    }

    Optional<AdminSession> find(long id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** How many clients are on the console now: they are client connections, but of no pool. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Closes every console connection (the end of a SHUTDOWN). */
    public void closeAll() {
        sessions.values().forEach(session -> session.channel().close());
    }
}
