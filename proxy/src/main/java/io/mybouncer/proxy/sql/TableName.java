package io.mybouncer.proxy.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * A table name as a statement wrote it, each part without its quotes: {@code `my db`.`t.1`} is schema
 * {@code my db} and name {@code t.1}. The schema is not resolved against the session's current one.
 *
 * @param schema the qualifier, when the statement wrote one
 * @param name the table's own name
 */
public record TableName(Optional<String> schema, String name) {
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** An unqualified name. */
    public static TableName of(String name) {
        return new TableName(Optional.empty(), name);
    }

    /** A name qualified by {@code schema}. */
    public static TableName of(String schema, String name) {
        return new TableName(Optional.of(schema), name);
    }

    /** {@code schema.name} or {@code name}, each part as written but unquoted (so possibly ambiguous). */
    @Override
    public String toString() {
        return schema.map(s -> s + "." + name).orElse(name);
    }
}
