package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.number;
import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.text;

import io.mybouncer.proxy.MybouncerVersion;
import io.mybouncer.proxy.admin.ConsoleAnswer.Column;
import io.mybouncer.proxy.config.AdminSettings;
import io.mybouncer.proxy.frontend.ProxyError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers to what clients ask at connect, so that the {@code mariadb} command-line client and JDBC
 * drivers can use the console: {@code SELECT} of system variables and literals (the CLI's
 * {@code @@version_comment}, Connector/J's batch of {@code @@session.*} settings, a pool's
 * {@code SELECT 1}), {@code SHOW VARIABLES [LIKE ...]}, {@code SHOW WARNINGS}, {@code SHOW DATABASES}
 * and {@code USE}. The console has no tables: the variables are a small fixed set that describes a
 * utf8mb4, autocommit session; any other variable is NULL.
 */
final class DriverProbes {
    /** One select-list item: a system variable, a number or a quoted string, with an optional alias. */
    private static final Pattern ITEM = Pattern.compile(
            "(?i)(?:@@(?:session\\.|global\\.|local\\.)?(?<variable>\\w+)|(?<number>-?\\d{1,18})|'(?<string>[^']*)')"
                    + "(?:\\s+AS\\s+(?<alias>`[^`]+`|\\w+))?");
    private static final Pattern LIMIT = Pattern.compile("(?i)\\s+LIMIT\\s+\\d+\\z");
    private static final Pattern LIKE = Pattern.compile("(?i)LIKE\\s+'([^']*)'");
    private static final Pattern USE = Pattern.compile("`?([^`]*)`?");

    private final ProxyControl control;

    DriverProbes(ProxyControl control) {
        this.control = control;
    }

    /** {@code SELECT item, ...[ LIMIT n]}: one row, each column named by its alias or its text. */
    ConsoleAnswer select(String argument, AdminSession caller) {
        String list = LIMIT.matcher(argument).replaceFirst("");
        Map<String, String> variables = variables();
        List<Column> columns = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (String item : list.split(",")) {
            Matcher matcher = ITEM.matcher(item.strip());
            if (!matcher.matches()) {
                return ConsoleAnswer.Refused.of(ProxyError.ADMIN_SYNTAX, "SELECT " + item.strip(),
                        "SELECT of @@variables and literals only: the console has no tables (SHOW HELP lists its"
                                + " commands)");
            }
            String alias = matcher.group("alias");
            String name = alias != null ? alias.replace("`", "") : matcher.group();
            boolean numeric = matcher.group("number") != null;
            columns.add(numeric ? number(name) : text(name));
            if (matcher.group("variable") != null) {
                row.add(variables.get(matcher.group("variable").toLowerCase(Locale.ROOT)));
            } else {
                row.add(numeric ? matcher.group("number") : matcher.group("string"));
            }
        }
        return new ConsoleAnswer.Table(columns, List.of(row));
    }

    /** {@code SHOW VARIABLES [LIKE 'pattern']}: the console's variables, as a server lists its own. */
    ConsoleAnswer variables(String argument, AdminSession caller) {
        Pattern filter = Pattern.compile(".*", Pattern.DOTALL);
        if (!argument.isEmpty()) {
            Matcher like = LIKE.matcher(argument);
            if (!like.matches()) {
                return ConsoleAnswer.Refused.of(ProxyError.ADMIN_SYNTAX, "SHOW VARIABLES " + argument,
                        "SHOW VARIABLES or SHOW VARIABLES LIKE 'pattern'");
            }
            filter = likePattern(like.group(1));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, String> variable : variables().entrySet()) {
            if (filter.matcher(variable.getKey()).matches()) {
                rows.add(List.of(variable.getKey(), variable.getValue()));
            }
        }
        return new ConsoleAnswer.Table(List.of(text("Variable_name"), text("Value")), rows);
    }

    /** {@code SHOW WARNINGS}: the console never warns. */
    ConsoleAnswer warnings(String argument, AdminSession caller) {
        return new ConsoleAnswer.Table(List.of(text("Level"), number("Code"), text("Message")), List.of());
    }

    /** {@code SHOW DATABASES}: the console's one database. */
    ConsoleAnswer databases(String argument, AdminSession caller) {
        return new ConsoleAnswer.Table(List.of(text("Database")), List.of(List.of(AdminSettings.DATABASE)));
    }

    /** {@code USE mybouncer} stays; any other database is not here. */
    ConsoleAnswer use(String argument, AdminSession caller) {
        Matcher name = USE.matcher(argument);
        String database = name.matches() ? name.group(1) : argument;
        return AdminSettings.isConsole(database) ? new ConsoleAnswer.Done("")
                : ConsoleAnswer.Refused.of(ProxyError.ADMIN_UNKNOWN_DATABASE, database);
    }

    /** SQL LIKE ({@code %}, {@code _}) as a case-insensitive regular expression. */
    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            regex.append(switch (c) {
                case '%' -> ".*";
                case '_' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    /**
     * The variables a client may ask for, named as MySQL names them: what a fresh utf8mb4 session
     * in autocommit mode reports, the packet limit the proxy enforces, and the versions.
     */
    private Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("auto_increment_increment", "1");
        variables.put("autocommit", "1");
        for (String name : new String[] {"character_set_client", "character_set_connection", "character_set_results",
            "character_set_server", "character_set_database"}) {
            variables.put(name, "utf8mb4");
        }
        variables.put("collation_connection", "utf8mb4_general_ci");
        variables.put("collation_server", "utf8mb4_general_ci");
        variables.put("init_connect", "");
        variables.put("interactive_timeout", "28800");
        variables.put("license", "GPL");
        variables.put("lower_case_table_names", "0");
        variables.put("max_allowed_packet", String.valueOf(control.config().clients().maxPacketSize()));
        variables.put("net_write_timeout", "60");
        variables.put("performance_schema", "0");
        variables.put("query_cache_size", "0");
        variables.put("query_cache_type", "OFF");
        variables.put("sql_mode", "");
        variables.put("system_time_zone", "UTC");
        variables.put("time_zone", "SYSTEM");
        variables.put("transaction_isolation", "REPEATABLE-READ");
        variables.put("tx_isolation", "REPEATABLE-READ");
        variables.put("version", control.backendVersion().orElse(MybouncerVersion.get()));
        variables.put("version_comment", "mybouncer " + MybouncerVersion.get() + " admin console");
        variables.put("wait_timeout", "28800");
        return variables;
    }
}
