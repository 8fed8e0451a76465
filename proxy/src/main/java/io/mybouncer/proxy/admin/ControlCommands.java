package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.text;

import io.mybouncer.proxy.MybouncerVersion;
import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ConfigProblem;
import io.mybouncer.proxy.config.ReloadPlan;
import io.mybouncer.proxy.config.Setting;
import io.mybouncer.proxy.frontend.ProxyError;
import io.mybouncer.proxy.log.LogLevel;
import io.mybouncer.proxy.log.Logging;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolRegistry;
import io.mybouncer.proxy.session.SessionRegistry;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console commands that change the running proxy: PAUSE, RESUME, RELOAD, KILL, SHUTDOWN and
 * SET log_level, plus SHOW VERSION. Each is logged with the admin who ran it.
 *
 * <p>PAUSE in session mode, decided after PgBouncer: it stops the pools handing out backends and
 * returns at once. A client that already holds one keeps it, as its whole session does; a client
 * that needs one waits (and gets the pool's ERR after {@code acquire_timeout}). PgBouncer's PAUSE
 * instead waits for every backend to be given back, which in session mode means every client to
 * leave; SHOW POOLS shows how many are still lent ({@code sv_active}).
 */
final class ControlCommands {
    private static final System.Logger LOG = System.getLogger(ControlCommands.class.getName());
    /** {@code log_level = debug}, {@code log_level=debug}, {@code log_level TO 'debug'}. */
    private static final Pattern LOG_LEVEL = Pattern.compile(
            "(?i)(?:@@|SESSION\\s+|GLOBAL\\s+)?log_level\\s*(?:=|\\s+TO\\s+)\\s*(['\"]?)([^'\"\\s]*)\\1");
    /** {@code 42} or {@code CONNECTION 42}, as MySQL's KILL. */
    private static final Pattern KILL = Pattern.compile("(?i)(?:CONNECTION\\s+)?(\\d{1,18})");

    private final PoolRegistry pools;
    private final SessionRegistry sessions;
    private final AdminConsole console;
    private final ProxyControl control;
    /** Where RELOAD reads the configuration, off the admin's event loop. */
    private final Executor reloads;

    ControlCommands(PoolRegistry pools, SessionRegistry sessions, AdminConsole console, ProxyControl control,
            Executor reloads) {
        this.pools = pools;
        this.sessions = sessions;
        this.console = console;
        this.control = control;
        this.reloads = reloads;
    }

    ConsoleAnswer pause(String argument, AdminSession caller) {
        pools.pause();
        int lent = pools.pools().stream().map(Pool::stats).mapToInt(stats -> stats.active() + stats.validating()).sum();
        log(caller, "PAUSE: pools hand out no backend until RESUME; " + lent + " still lent to clients");
        return new ConsoleAnswer.Done("paused: no backend is handed out until RESUME; " + lent
                + " backends are still lent to their clients (in session mode until they leave)");
    }

    ConsoleAnswer resume(String argument, AdminSession caller) {
        pools.resume();
        log(caller, "RESUME: pools hand out backends again");
        return new ConsoleAnswer.Done("resumed");
    }

    /**
     * Reads the configuration again off the loop; answers with one row per changed setting, saying
     * whether it took effect or waits for a restart.
     */
    ConsoleAnswer reload(String argument, AdminSession caller) {
        log(caller, "RELOAD");
        return new ConsoleAnswer.Later(CompletableFuture.supplyAsync(() -> {
            try {
                ReloadPlan plan = control.reload();
                List<List<String>> rows = new ArrayList<>();
                plan.applied().forEach(setting -> rows.add(row(setting, "yes")));
                plan.needRestart().forEach(setting -> rows.add(row(setting, "no: needs a restart")));
                return new ConsoleAnswer.Table(List.of(text("setting"), text("value"), text("applied")), rows);
            } catch (ConfigException e) {
                String problems = e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
                log(caller, "RELOAD refused, the running configuration stays: " + problems);
                return ConsoleAnswer.Refused.of(ProxyError.ADMIN_RELOAD_FAILED, problems);
            }
        }, reloads));
    }

    private static List<String> row(Setting setting, String applied) {
        return List.of(setting.key(), setting.value(), applied);
    }

    ConsoleAnswer kill(String argument, AdminSession caller) {
        Matcher id = KILL.matcher(argument);
        if (!id.matches()) {
            return ConsoleAnswer.Refused.of(ProxyError.ADMIN_SYNTAX, "KILL " + argument,
                    "KILL client_id, a number from SHOW CLIENTS");
        }
        long client = Long.parseLong(id.group(1));
        boolean found = sessions.find(client).map(session -> session.channel().close()).isPresent()
                || console.find(client).map(admin -> admin.channel().close()).isPresent();
        if (!found) {
            return ConsoleAnswer.Refused.of(ProxyError.ADMIN_NO_SUCH_CLIENT, client);
        }
        log(caller, "KILL " + client + ": closed that client's connection");
        return new ConsoleAnswer.Done("closed client " + client);
    }

    ConsoleAnswer shutdown(String argument, AdminSession caller) {
        log(caller, "SHUTDOWN: no new clients; closing each client between transactions, the rest after "
                + control.config().admin().shutdownTimeout().toMillis() + " ms");
        control.shutdown();
        return new ConsoleAnswer.Done("shutting down: no new clients; each client is closed once between"
                + " transactions, the rest after shutdown_timeout");
    }

    /**
     * {@code SET log_level = debug|info|warn|error}. Any other SET (drivers send {@code SET NAMES}
     * and the like at connect) is answered OK and ignored: the console keeps no session settings.
     */
    ConsoleAnswer set(String argument, AdminSession caller) {
        Matcher level = LOG_LEVEL.matcher(argument);
        if (!level.matches()) {
            return new ConsoleAnswer.Done("ignored: the admin console keeps no session settings"
                    + " (it takes SET log_level = debug|info|warn|error)");
        }
        String value = level.group(2);
        LogLevel chosen = Arrays.stream(LogLevel.values()).filter(l -> l.name().equalsIgnoreCase(value))
                .findFirst().orElse(null);
        if (chosen == null) {
            return ConsoleAnswer.Refused.of(ProxyError.ADMIN_WRONG_VALUE, "log_level", value,
                    "debug, info, warn or error");
        }
        // Logged before the change, so that the line shows even when the new level hides INFO.
        log(caller, "SET log_level = " + lower(chosen));
        Logging.setLevel(chosen);
        return new ConsoleAnswer.Done("log_level is " + lower(chosen));
    }

    ConsoleAnswer version(String argument, AdminSession caller) {
        return new ConsoleAnswer.Table(List.of(text("version"), text("backend_version")),
                List.of(Arrays.asList("mybouncer " + MybouncerVersion.get(), control.backendVersion().orElse(null))));
    }

    private static void log(AdminSession caller, String what) {
        LOG.log(Level.INFO, "admin console {0} (user {1}): {2}", String.valueOf(caller.id()), caller.client().user(),
                what);
    }

    private static String lower(LogLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }
}
