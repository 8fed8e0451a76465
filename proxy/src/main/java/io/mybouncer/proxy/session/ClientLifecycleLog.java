package io.mybouncer.proxy.session;

import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.LoginFailed;
import io.netty.channel.Channel;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * One log line per client lifecycle event: logged in, login refused, left. Fields are
 * {@code key=value}, so that they read the same in both log formats; user names, schemas, addresses
 * and connect attributes only, never a secret. Numbers are passed as strings: the logger's
 * MessageFormat would write 1234 as "1,234". At INFO, as PgBouncer's {@code log_connections}:
 * benchmarks of connection rates run at {@code --log-level warn}.
 */
final class ClientLifecycleLog {
    private static final System.Logger LOG = System.getLogger(ClientLifecycleLog.class.getName());

    private ClientLifecycleLog() {
    }

    static void loggedIn(long id, Channel channel, AuthenticatedClient client) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        Map<String, String> attributes = client.connectAttributes();
        String database = client.database() == null || client.database().isEmpty() ? "-" : client.database();
        LOG.log(Level.INFO, "client {0} logged in: user={1} db={2} from={3} tls={4} program={5} pid={6}",
                Long.toString(id), client.user(), database, peer(channel), client.transport().tls() ? "yes" : "no",
                attributes.getOrDefault("program_name", attributes.getOrDefault("_client_name", "-")),
                attributes.getOrDefault("_pid", "-"));
    }

    static void loginFailed(long id, Channel channel, LoginFailed failure) {
        LOG.log(Level.WARNING, "client {0} login refused: from={1} error={2}: {3}", Long.toString(id),
                peer(channel), Integer.toString(failure.error().code()), failure.message());
    }

    static void left(long id, Channel channel, long connectedNanos) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, "client {0} left: from={1} after_ms={2}", Long.toString(id), peer(channel),
                    Long.toString((System.nanoTime() - connectedNanos) / 1_000_000));
        }
    }

    private static String peer(Channel channel) {
        Object address = channel.remoteAddress();
        // A Unix-socket client has no address of its own.
        return address == null || address.toString().isEmpty() ? "unix-socket" : address.toString().replace("/", "");
    }
}
