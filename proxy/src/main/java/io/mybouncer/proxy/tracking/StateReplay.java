package io.mybouncer.proxy.tracking;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What brings a backend from the state it has to the state a client carries (PgBouncer's varcache, ProxySQL's
 * CHANGING_* states): a schema to change to, and one {@code SET SESSION} statement for every variable that
 * differs, only what differs. A variable the backend has and the client has not goes back to the value a fresh
 * login gets: the backend's login value for the character-set variables (set from the handshake's collation),
 * {@code DEFAULT} (the global value, which a fresh session copies) for the rest.
 *
 * @param schema the schema to change to (COM_INIT_DB), or null to stay
 * @param setStatement the SQL of one {@code SET SESSION ..} statement, or null when no variable differs
 */
public record StateReplay(String schema, String setStatement) {
    static final StateReplay NOTHING = new StateReplay(null, null);

    /** The connection pair: either one, when set, implies the other; the client's record keeps at most one. */
    static final String CHARACTER_SET_CONNECTION = "character_set_connection";
    static final String COLLATION_CONNECTION = "collation_connection";
    /** Replayed first and together, so the connection pair takes one assignment. */
    public static final List<String> CHARACTER_SET_VARIABLES = List.of("character_set_client",
            "character_set_results", CHARACTER_SET_CONNECTION, COLLATION_CONNECTION);

    public boolean isEmpty() {
        return schema == null && setStatement == null;
    }

    /**
     * The replay from {@code have} to {@code want}.
     *
     * @param loginSchema the backend's login schema (its pool's), what a null {@link ReplayableState#schema()} means
     * @param loginValues the backend's values of the character-set variables right after login
     * @throws IllegalStateException when {@code want} keeps the login schema, there is none and the backend has
     *     another: no command unsets a default schema (the caller closes that backend)
     */
    public static StateReplay between(ReplayableState have, ReplayableState want, String loginSchema,
            Map<String, String> loginValues) {
        if (have.equals(want)) {
            return NOTHING;
        }
        String haveSchema = have.schema() != null ? have.schema() : loginSchema;
        String wantSchema = want.schema() != null ? want.schema() : loginSchema;
        String schema = null;
        if (!Objects.equals(haveSchema, wantSchema)) {
            if (wantSchema == null) {
                throw new IllegalStateException("the backend is in schema " + haveSchema + " and none can be unset");
            }
            schema = wantSchema;
        }
        return new StateReplay(schema, setStatement(have.variables(), want.variables(), loginValues));
    }

    private static String setStatement(Map<String, String> have, Map<String, String> want,
            Map<String, String> loginValues) {
        if (have.equals(want)) {
            return null;
        }
        StringBuilder sql = new StringBuilder("SET SESSION ");
        int assignments = 0;
        for (String name : List.of("character_set_client", "character_set_results")) {
            String value = want.get(name);
            if (!Objects.equals(value, have.get(name))) {
                assignments = append(sql, assignments, name, value != null ? literal(name, value)
                        : loginLiteral(name, loginValues));
            }
        }
        if (!Objects.equals(have.get(CHARACTER_SET_CONNECTION), want.get(CHARACTER_SET_CONNECTION))
                || !Objects.equals(have.get(COLLATION_CONNECTION), want.get(COLLATION_CONNECTION))) {
            // One assignment sets the pair: the one the client set last, or the login collation.
            if (want.containsKey(COLLATION_CONNECTION)) {
                assignments = append(sql, assignments, COLLATION_CONNECTION,
                        literal(COLLATION_CONNECTION, want.get(COLLATION_CONNECTION)));
            } else if (want.containsKey(CHARACTER_SET_CONNECTION)) {
                assignments = append(sql, assignments, CHARACTER_SET_CONNECTION,
                        literal(CHARACTER_SET_CONNECTION, want.get(CHARACTER_SET_CONNECTION)));
            } else {
                assignments = append(sql, assignments, COLLATION_CONNECTION,
                        loginLiteral(COLLATION_CONNECTION, loginValues));
            }
        }
        for (Map.Entry<String, String> entry : want.entrySet()) {
            if (!CHARACTER_SET_VARIABLES.contains(entry.getKey())
                    && !entry.getValue().equals(have.get(entry.getKey()))) {
                assignments = append(sql, assignments, entry.getKey(), literal(entry.getKey(), entry.getValue()));
            }
        }
        for (String name : have.keySet()) {
            if (!CHARACTER_SET_VARIABLES.contains(name) && !want.containsKey(name)) {
                assignments = append(sql, assignments, name, "DEFAULT");
            }
        }
        return assignments == 0 ? null : sql.toString();
    }

    private static int append(StringBuilder sql, int assignments, String name, String value) {
        if (assignments > 0) {
            sql.append(", ");
        }
        sql.append(name).append(" = ").append(value);
        return assignments + 1;
    }

    private static String loginLiteral(String name, Map<String, String> loginValues) {
        String value = loginValues.get(name);
        return value != null ? literal(name, value) : "DEFAULT";
    }

    /**
     * The SQL literal for a value as the tracker reported it: numbers bare (an integer variable refuses a
     * quoted value with 1232), the rest quoted. The tracker reports a NULL character_set_results as empty.
     */
    public static String literal(String name, String value) {
        if (value.isEmpty() && name.equals("character_set_results")) {
            return "NULL";
        }
        if (isNumber(value)) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('\'').toString();
    }

    private static boolean isNumber(String value) {
        int i = value.startsWith("-") ? 1 : 0;
        int digits = 0;
        boolean point = false;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.' && !point && digits > 0) {
                point = true;
            } else if (c >= '0' && c <= '9') {
                digits++;
            } else {
                return false;
            }
        }
        return digits > 0 && !value.endsWith(".");
    }
}
