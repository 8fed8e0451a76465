package io.mybouncer.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClearPasswordTest {
    private static final byte[] PASSWORD = "golden-pass".getBytes(StandardCharsets.UTF_8);

    @Test
    void responseIsThePasswordAndANul() {
        assertThat(ClearPassword.INSTANCE.computeResponse(PASSWORD, new byte[20]))
                .isEqualTo("golden-pass\0".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsThePasswordBack() {
        byte[] response = ClearPassword.INSTANCE.computeResponse(PASSWORD, new byte[0]);

        assertThat(ClearPassword.password(response)).isEqualTo(PASSWORD);
    }

    @Test
    void rejectsAResponseWithoutNul() {
        assertThatThrownBy(() -> ClearPassword.password(PASSWORD))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("expected: password + NUL");
        assertThatThrownBy(() -> ClearPassword.password(new byte[0]))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void verifiesTheRightPasswordAndRejectsOthers() {
        byte[] response = ClearPassword.INSTANCE.computeResponse(PASSWORD, new byte[0]);

        assertThat(ClearPassword.verify(PASSWORD, response)).isTrue();
        assertThat(ClearPassword.verify("golden".getBytes(StandardCharsets.UTF_8), response)).isFalse();
        assertThat(ClearPassword.verify(PASSWORD, PASSWORD)).isFalse();
    }
}
