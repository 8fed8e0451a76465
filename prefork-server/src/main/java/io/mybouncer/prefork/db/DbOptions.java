package io.mybouncer.prefork.db;

import io.mybouncer.protocol.client.ServerAddress;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that name the application's database and login, shared by the commands that reach
 * it. The password comes from an environment variable, never from the command line, where every
 * user of the machine could read it.
 */
public final class DbOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--db", required = true, paramLabel = "host:port|unix:PATH",
            converter = ServerAddressConverter.class,
            description = "The database: MySQL/MariaDB directly, or mybouncer (TCP or its Unix socket).")
    private ServerAddress address;

    @Option(names = "--user", required = true, description = "Database user.")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the password (none: empty password).")
    private String passwordVariable;

    @Option(names = "--database", required = true, description = "Schema that holds table t.")
    private String database;

    public DbLogin login(Map<String, String> environment) {
        return new DbLogin(address, user, password(mixee.commandLine(), environment, "--password-env", passwordVariable),
                database);
    }

    /**
     * The password in environment variable {@code variable}, or empty when no variable is named.
     *
     * @throws ParameterException naming {@code option} when the variable is not set
     */
    public static String password(CommandLine commandLine, Map<String, String> environment, String option,
            String variable) {
        if (variable == null) {
            return "";
        }
        String password = environment.get(variable);
        if (password == null) {
            throw new ParameterException(commandLine, option + ": environment variable '" + variable
                    + "' is not set (export it, or leave " + option + " out for an empty password)");
        }
        return password;
    }
}
