package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetAssignmentsTest {
    private final SetAssignments assignments = new SetAssignments();

    private List<String> names(String sql) {
        return assignments.sessionVariables(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), SqlMode.DEFAULT);
    }

    @Test
    void mariadbConnectorJsConnectStatement() {
        assertThat(names("set sql_mode=CONCAT(@@sql_mode,',STRICT_TRANS_TABLES'),session_track_system_variables ="
                + " CONCAT(@@global.session_track_system_variables,',tx_isolation'),NAMES utf8mb4"))
                .containsExactly("sql_mode", "character_set_client", "character_set_results", "collation_connection");
    }

    @Test
    void scopesQualifiersAndQuotes() {
        assertThat(names("SET GLOBAL a = 1, SESSION b = (1, 2), @@global.c = 3, @@session.d = 4, @@e := 5,"
                + " LOCAL `f` = 'x,y', @u = 6, g = 7")).containsExactly("b", "d", "e", "f", "g");
    }

    @Test
    void onlySetStatementsAndAcrossSemicolons() {
        assertThat(names("SELECT 'SET x = 1'; SET /* c */ time_zone = '+01:00'; DO 1; SET wait_timeout = 5"))
                .containsExactly("time_zone", "wait_timeout");
    }
}
