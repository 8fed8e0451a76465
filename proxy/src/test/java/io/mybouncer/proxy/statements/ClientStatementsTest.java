package io.mybouncer.proxy.statements;

import static io.mybouncer.proxy.statements.StatementPayloads.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.command.StatementId;
import org.junit.jupiter.api.Test;

class ClientStatementsTest {
    private final ClientStatements statements = new ClientStatements();

    @Test
    void handsOutIdsFromOnePerClient() {
        ClientStatement first = statements.register(text("SELECT 1"), 0, 1);
        ClientStatement second = statements.register(text("SELECT ?"), 1, 1);
        ClientStatement otherClients = new ClientStatements().register(text("SELECT 1"), 0, 1);
        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(otherClients.id()).isEqualTo(1);
        assertThat(second.parameterCount()).isEqualTo(1);
        assertThat(second.columnCount()).isEqualTo(1);
        assertThat(second.text()).isEqualTo(text("SELECT ?"));
        assertThat(statements.size()).isEqualTo(2);
    }

    @Test
    void looksUpOpenStatementsAndForgetsClosedOnes() {
        ClientStatement statement = statements.register(text("SELECT 1"), 0, 1);
        assertThat(statements.lookup(1)).isSameAs(statement);
        assertThat(statements.lookup(2)).isNull();
        assertThat(statements.close(1)).isTrue();
        assertThat(statements.close(1)).as("the server ignores a second close").isFalse();
        assertThat(statements.lookup(1)).isNull();
        assertThat(statements.size()).isZero();
    }

    @Test
    void resolvesIdMinusOneToTheLastSuccessfulPrepare() {
        assertThat(statements.lookup(StatementId.LAST_PREPARED)).as("nothing prepared yet").isNull();
        ClientStatement first = statements.register(text("SELECT 1"), 0, 1);
        ClientStatement second = statements.register(text("SELECT 2"), 0, 1);
        assertThat(statements.lookup(StatementId.LAST_PREPARED)).isSameAs(second);
        statements.close(first.id());
        assertThat(statements.lookup(StatementId.LAST_PREPARED)).as("closing another keeps it").isSameAs(second);
        statements.prepareFailed();
        assertThat(statements.lookup(StatementId.LAST_PREPARED)).as("a failed prepare names none").isNull();
        assertThat(statements.lookup(second.id())).isSameAs(second);
    }

    @Test
    void closingTheLastPreparedLeavesIdMinusOneNamingNone() {
        ClientStatement statement = statements.register(text("SELECT 1"), 0, 1);
        assertThat(statements.close(StatementId.LAST_PREPARED)).isTrue();
        assertThat(statements.lookup(statement.id())).isNull();
        assertThat(statements.lookup(StatementId.LAST_PREPARED)).isNull();
        assertThat(statements.close(StatementId.LAST_PREPARED)).isFalse();
    }

    @Test
    void clearForgetsEverythingButKeepsCountingIds() {
        statements.register(text("SELECT 1"), 0, 1);
        statements.register(text("SELECT 2"), 0, 1);
        statements.clear();
        assertThat(statements.size()).isZero();
        assertThat(statements.lookup(1)).isNull();
        assertThat(statements.lookup(StatementId.LAST_PREPARED)).isNull();
        assertThat(statements.register(text("SELECT 3"), 0, 1).id()).as("a stale id 1 must stay unknown").isEqualTo(3);
    }

    @Test
    void wrapsAroundBeforeIdMinusOne() {
        ClientStatements nearTheEnd = new ClientStatements(0xFFFF_FFFEL);
        ClientStatement last = nearTheEnd.register(text("SELECT 1"), 0, 1);
        ClientStatement wrapped = nearTheEnd.register(text("SELECT 2"), 0, 1);
        assertThat(last.id()).isEqualTo(0xFFFF_FFFEL);
        assertThat(wrapped.id()).isEqualTo(1);
        assertThat(nearTheEnd.lookup(0xFFFF_FFFEL)).isSameAs(last);
        assertThat(nearTheEnd.lookup(StatementId.LAST_PREPARED)).isSameAs(wrapped);
    }
}
