package io.mybouncer.proxy.admin;

/**
 * One console command, registered by its verb in {@link AdminConsole}'s table (PgBouncer's
 * {@code admin.c} command table).
 */
@FunctionalInterface
interface ConsoleCommand {
    /**
     * Runs the command on the event loop of the admin's connection; must not block it.
     *
     * @param argument what followed the verb, as written (empty when nothing did)
     * @param caller   the console connection that asked
     */
    ConsoleAnswer run(String argument, AdminSession caller);
}
