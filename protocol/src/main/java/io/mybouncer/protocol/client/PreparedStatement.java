package io.mybouncer.protocol.client;

import io.mybouncer.protocol.resultset.ColumnDefinition41;
import java.util.List;

/**
 * A statement prepared with COM_STMT_PREPARE on one connection.
 *
 * @param statementId the server's id for it, valid on that connection only
 * @param parameters  the placeholder definitions (may be empty even when placeholders exist: MySQL
 *                    with optional metadata omits them)
 * @param columns     the result columns, empty for statements without a result set
 * @param parameterCount number of placeholders
 */
public record PreparedStatement(long statementId, int parameterCount, List<ColumnDefinition41> parameters,
        List<ColumnDefinition41> columns) {
    public PreparedStatement {
        parameters = List.copyOf(parameters);
        columns = List.copyOf(columns);
    }
}
