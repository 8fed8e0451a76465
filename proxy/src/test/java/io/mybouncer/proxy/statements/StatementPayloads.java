package io.mybouncer.proxy.statements;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.command.StatementId;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Payloads for the statement tests: the protocol module's captured vectors, and prepares of any text. */
final class StatementPayloads {
    static final PrepareContext SHOP = new PrepareContext("shop", "STRICT_TRANS_TABLES", "utf8mb4/utf8mb4_general_ci");

    private StatementPayloads() {
    }

    /** The payload bytes of a captured vector under {@code golden/command/}. */
    static byte[] vector(String name) {
        return GoldenVectors.payloadBytes("command/" + name);
    }

    /** A captured statement command as the client would send it to the proxy: with {@code clientId} in it. */
    static ByteBuf command(String vector, long clientId) {
        ByteBuf payload = Unpooled.buffer().writeBytes(vector(vector));
        StatementId.rewrite(payload, clientId);
        return payload;
    }

    static ByteBuf prepare(String sql) {
        return Unpooled.buffer().writeByte(CommandType.COM_STMT_PREPARE.code())
                .writeBytes(sql.getBytes(StandardCharsets.UTF_8));
    }

    static StatementText text(String sql, PrepareContext context) {
        ByteBuf payload = prepare(sql);
        try {
            return StatementText.of(payload, context);
        } finally {
            payload.release();
        }
    }

    static StatementText text(String sql) {
        return text(sql, SHOP);
    }
}
