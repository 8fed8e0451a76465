package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.auth.Payloads.golden;
import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CachingSha2StepTest {
    @Test
    void readsTheServerSteps() {
        assertThat(CachingSha2Step.ofServerData(
                decode(golden("mysql-8.4-auth-more-data-fast-auth-success"), AuthMoreData::decode)))
                .isEqualTo(CachingSha2Step.FAST_AUTH_SUCCESS);
        assertThat(CachingSha2Step.ofServerData(
                decode(golden("mysql-8.4-auth-more-data-perform-full-authentication"), AuthMoreData::decode)))
                .isEqualTo(CachingSha2Step.PERFORM_FULL_AUTHENTICATION);
    }

    @Test
    void recognisesTheCapturedShapeOfThePublicKeyRequest() {
        byte[] request = golden("mysql-8.4-request-public-key");

        assertThat(CachingSha2Step.isPublicKeyRequest(request)).isTrue();
        assertThat(request).containsExactly(CachingSha2Step.REQUEST_PUBLIC_KEY.code());
    }

    @Test
    void doesNotMistakeAPasswordForThePublicKeyRequest() {
        assertThat(CachingSha2Step.isPublicKeyRequest(ClearPassword.INSTANCE.computeResponse(
                new byte[] {0x02}, new byte[20]))).isFalse();
        assertThat(CachingSha2Step.isPublicKeyRequest(new byte[0])).isFalse();
    }

    @Test
    void rejectsOtherServerData() {
        AuthMoreData pem = new AuthMoreData("-----BEGIN PUBLIC KEY-----".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> CachingSha2Step.ofServerData(pem))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("caching_sha2_password step")
                .hasMessageContaining("26 bytes");
        assertThatThrownBy(() -> CachingSha2Step.ofServerData(new AuthMoreData(new byte[] {0x02})))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0x02");
    }

    @Test
    void thePublicKeyRequestIsNotAServerPacket() {
        assertThatThrownBy(CachingSha2Step.REQUEST_PUBLIC_KEY::toAuthMoreData)
                .isInstanceOf(IllegalStateException.class);
    }
}
