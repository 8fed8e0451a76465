package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.client.MysqlServerException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The one way these tests check a MySQL error (Vitess {@code endtoend} style): code, SQLSTATE and a
 * fragment of the message, never the whole text, whichever client raised it.
 */
final class MysqlErrors {
    private MysqlErrors() {
    }

    /** Runs {@code action}, which must fail with this error; returns the error for further checks. */
    static Throwable assertMysqlError(ThrowingCallable action, int code, String sqlState, String messageFragment) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).as("expected MySQL error %d", code).isNotNull();
        assertMysqlError(thrown, code, sqlState, messageFragment);
        return thrown;
    }

    /** {@code thrown} (a JDBC or protocol-client error, possibly wrapped by a future) is this error. */
    static void assertMysqlError(Throwable thrown, int code, String sqlState, String messageFragment) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MysqlServerException server) {
            assertThat(server.errorCode()).as("error code of %s", server).isEqualTo(code);
            assertThat(server.sqlState()).as("SQLSTATE of %s", server).isEqualTo(sqlState);
        } else {
            assertThat(cause).isInstanceOf(SQLException.class);
            SQLException sql = (SQLException) cause;
            assertThat(sql.getErrorCode()).as("error code of %s", sql).isEqualTo(code);
            assertThat(sql.getSQLState()).as("SQLSTATE of %s", sql).isEqualTo(sqlState);
        }
        assertThat(cause.getMessage()).contains(messageFragment);
    }
}
