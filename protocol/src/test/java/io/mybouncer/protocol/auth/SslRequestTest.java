package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.auth.Payloads.golden;
import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SslRequestTest {
    private static final SslRequest MYSQL = new SslRequest(new CapabilitySet(0x05BF_AA2FL), 0xFF_FFFFL, 255);
    private static final SslRequest MARIADB = new SslRequest(CapabilitySet.ofHalves(0x00BF_AA8CL, 0x1D),
            0x1000_0000L, 33);

    @Test
    void decodesMysqlSslRequest() {
        assertThat(decode(golden("mysql-8.4-ssl-request"), SslRequest::decode)).isEqualTo(MYSQL);
    }

    @Test
    void encodesMysqlSslRequestByteForByte() {
        assertThat(encode(MYSQL::encode)).isEqualTo(golden("mysql-8.4-ssl-request"));
    }

    @Test
    void decodesMariaDbSslRequestWithExtendedCapabilities() {
        SslRequest request = decode(golden("mariadb-cli-ssl-request"), SslRequest::decode);

        assertThat(request).isEqualTo(MARIADB);
        assertThat(request.capabilities().has(Capability.MARIADB_CLIENT_PROGRESS)).isTrue();
    }

    @Test
    void encodesMariaDbSslRequestByteForByte() {
        assertThat(encode(MARIADB::encode)).isEqualTo(golden("mariadb-cli-ssl-request"));
    }

    @Test
    void sharesItsBytesWithTheStartOfTheHandshakeResponse() {
        byte[] response = golden("mariadb-cli-handshake-response41");
        byte[] ssl = golden("mariadb-cli-ssl-request");
        ssl[1] &= ~0x08;

        assertThat(Arrays.copyOf(response, SslRequest.LENGTH)).isEqualTo(ssl);
    }

    @Test
    void isToldApartFromAHandshakeResponseByLength() {
        assertThat(decode(golden("mysql-8.4-ssl-request"), SslRequest::isSslRequest)).isTrue();
        assertThat(decode(golden("mysql-8.4-handshake-response41"), SslRequest::isSslRequest)).isFalse();
    }

    @Test
    void rejectsOtherLengths() {
        byte[] longer = Arrays.copyOf(golden("mysql-8.4-ssl-request"), 33);

        assertThatThrownBy(() -> decode(longer, SslRequest::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("length")
                .hasMessageContaining("33 (expected: 32)");
    }

    @Test
    void rejectsRequestWithoutClientSsl() {
        byte[] payload = golden("mysql-8.4-ssl-request");
        payload[1] &= ~0x08;

        assertThatThrownBy(() -> decode(payload, SslRequest::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CLIENT_SSL");
    }
}
