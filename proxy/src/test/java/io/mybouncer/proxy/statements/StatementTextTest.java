package io.mybouncer.proxy.statements;

import static io.mybouncer.proxy.statements.StatementPayloads.SHOP;
import static io.mybouncer.proxy.statements.StatementPayloads.text;
import static io.mybouncer.proxy.statements.StatementPayloads.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class StatementTextTest {
    @Test
    void copiesTheQueryOnceAndLeavesThePayloadAsItWas() {
        ByteBuf payload = Unpooled.buffer().writeBytes(vector("com_stmt_prepare"));
        try {
            StatementText text = StatementText.of(payload, SHOP);
            assertThat(payload.readerIndex()).isZero();
            assertThat(payload.refCnt()).isEqualTo(1);
            payload.setByte(1, 's');
            assertThat(text).as("a copy, not a view").isEqualTo(text("SELECT id, name FROM t2 WHERE id >= ?"));
            assertThat(text.length()).isEqualTo(37);
        } finally {
            payload.release();
        }
    }

    @Test
    void writesTheSamePrepareItWasTakenFrom() {
        ByteBuf payload = Unpooled.wrappedBuffer(vector("com_stmt_prepare"));
        StatementText text = StatementText.of(payload, SHOP);
        payload.release();
        ByteBuf prepare = text.prepareCommand(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(ByteBufUtil.getBytes(prepare)).isEqualTo(vector("com_stmt_prepare"));
        } finally {
            prepare.release();
        }
    }

    @Test
    void isEqualForEqualBytesInTheSameContextOnly() {
        String sql = "SELECT v FROM t WHERE id = ?";
        StatementText one = text(sql);
        assertThat(one).isEqualTo(text(sql)).hasSameHashCodeAs(text(sql));
        assertThat(one).isNotEqualTo(text("select v from t where id = ?"));
        assertThat(one).as("another default database resolves t elsewhere")
                .isNotEqualTo(text(sql, new PrepareContext("stock", SHOP.sqlMode(), SHOP.characterSet())));
        assertThat(one).as("ANSI_QUOTES parses the text differently")
                .isNotEqualTo(text(sql, new PrepareContext("shop", "ANSI_QUOTES", SHOP.characterSet())));
        assertThat(one).as("the bytes mean other characters")
                .isNotEqualTo(text(sql, new PrepareContext("shop", SHOP.sqlMode(), "latin1/latin1_swedish_ci")));
    }

    @Test
    void keepsTheQueryOutOfItsDescription() {
        assertThat(text("SELECT 'hunter2'").toString()).isEqualTo("StatementText[16 bytes, schema 'shop']");
    }

    @Test
    void refusesAPayloadThatIsNotAPrepare() {
        ByteBuf execute = Unpooled.wrappedBuffer(vector("com_stmt_execute_types_bound"));
        assertThatThrownBy(() -> StatementText.of(execute, SHOP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatementText.of(Unpooled.EMPTY_BUFFER, SHOP))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
