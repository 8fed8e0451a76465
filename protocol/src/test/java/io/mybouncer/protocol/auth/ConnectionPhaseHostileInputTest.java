package io.mybouncer.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Every connection-phase decoder, fed random and mutated bytes: the only exception that may escape
 * is {@link ProtocolException}, and whatever decodes re-encodes to bytes that decode the same.
 */
class ConnectionPhaseHostileInputTest {
    private static final List<String> VECTORS = List.of(
            "mariadb-10.11-handshake-v10", "mysql-8.4-handshake-v10",
            "mariadb-cli-handshake-response41", "mariadb-cli-handshake-response41-caching-sha2",
            "mysql-8.4-handshake-response41", "mysql-8.4-ssl-request", "mariadb-cli-ssl-request",
            "mariadb-10.11-auth-switch-request", "mysql-8.4-auth-switch-request",
            "mysql-8.4-auth-more-data-fast-auth-success", "mysql-8.4-auth-more-data-public-key");

    /** Each decoder with its encoder, so a successful decode can be checked by a round trip. */
    enum Decoder {
        HANDSHAKE_V10(HandshakeV10::decode, HandshakeV10::encode),
        HANDSHAKE_RESPONSE_41(HandshakeResponse41::decode, HandshakeResponse41::encode),
        SSL_REQUEST(SslRequest::decode, SslRequest::encode),
        AUTH_SWITCH_REQUEST(AuthSwitchRequest::decode, AuthSwitchRequest::encode),
        AUTH_MORE_DATA(AuthMoreData::decode, AuthMoreData::encode);

        private final Function<ByteBuf, Object> decoder;
        private final BiConsumer<Object, ByteBuf> encoder;

        @SuppressWarnings("unchecked")
        <T> Decoder(Function<ByteBuf, T> decoder, BiConsumer<T, ByteBuf> encoder) {
            this.decoder = (Function<ByteBuf, Object>) decoder;
            this.encoder = (BiConsumer<Object, ByteBuf>) encoder;
        }
    }

    @Property
    void randomBytesOnlyRaiseProtocolException(@ForAll @Size(max = 300) byte[] payload, @ForAll Decoder decoder) {
        assertOnlyProtocolExceptionAndStableRoundTrip(payload, decoder);
    }

    @Property
    void mutatedGoldenVectorsOnlyRaiseProtocolException(@ForAll("mutatedVectors") byte[] payload,
            @ForAll Decoder decoder) {
        assertOnlyProtocolExceptionAndStableRoundTrip(payload, decoder);
    }

    @Provide
    Arbitrary<byte[]> mutatedVectors() {
        return Arbitraries.of(VECTORS).map(Payloads::golden).flatMap(vector -> Combinators.combine(
                Arbitraries.integers().between(0, vector.length - 1).list().ofMaxSize(4),
                Arbitraries.bytes().list().ofSize(4),
                Arbitraries.integers().between(0, vector.length))
                .as((positions, values, length) -> {
                    byte[] mutated = vector.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        mutated[positions.get(i)] = values.get(i);
                    }
                    return Arrays.copyOf(mutated, length);
                }));
    }

    private static void assertOnlyProtocolExceptionAndStableRoundTrip(byte[] payload, Decoder decoder) {
        Object[] decoded = new Object[1];
        Throwable thrown = catchThrowable(() -> decoded[0] = GoldenVectors.decode(payload, decoder.decoder));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ProtocolException.class);
            return;
        }
        byte[] reencoded = GoldenVectors.encode(out -> decoder.encoder.accept(decoded[0], out));
        assertThat(GoldenVectors.decode(reencoded, decoder.decoder)).isEqualTo(decoded[0]);
    }
}
