package io.mybouncer.proxy.tracking;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The session state a client carries that any backend can be brought to: its default schema and the
 * system variables it set, each with the value the backend reported for it (session_track_schema,
 * session_track_system_variables). Immutable: a backend handed to another client keeps a reference to the
 * state it has, and a client with no state shares {@link #INITIAL} with every other.
 *
 * @param schema    the default schema the client chose (USE, COM_INIT_DB), or null while it is the login's
 * @param variables session system variables the client set, lower-case name to reported value
 */
public record ReplayableState(String schema, Map<String, String> variables) {
    /** A fresh login's state: nothing chosen, nothing set. */
    public static final ReplayableState INITIAL = new ReplayableState(null, Map.of());

    public ReplayableState {
        variables = Map.copyOf(variables);
    }

    public ReplayableState withSchema(String newSchema) {
        return Objects.equals(schema, newSchema) ? this : new ReplayableState(newSchema, variables);
    }

    public ReplayableState withVariable(String name, String value) {
        if (value.equals(variables.get(name))) {
            return this;
        }
        Map<String, String> next = new HashMap<>(variables);
        next.put(name, value);
        return new ReplayableState(schema, next);
    }

    public ReplayableState withoutVariable(String name) {
        if (!variables.containsKey(name)) {
            return this;
        }
        Map<String, String> next = new HashMap<>(variables);
        next.remove(name);
        return new ReplayableState(schema, next);
    }

    /** The state after the client's own COM_RESET_CONNECTION: variables back to their defaults, the schema kept. */
    public ReplayableState afterReset() {
        return variables.isEmpty() ? this : new ReplayableState(schema, Map.of());
    }
}
