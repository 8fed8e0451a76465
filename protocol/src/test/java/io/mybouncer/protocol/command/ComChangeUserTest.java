package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComChangeUserTest {
    /** What MySQL Connector/J 9.5 and MariaDB 10.11 negotiated in the capture. */
    private static final CapabilitySet CAPTURED_CAPABILITIES = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41,
            Capability.CLIENT_RESERVED2, Capability.CLIENT_PLUGIN_AUTH, Capability.CLIENT_CONNECT_ATTRS);
    private static final ComChangeUser CAPTURED = new ComChangeUser("root", new byte[0], "test", 45,
            "mysql_native_password", capturedAttributes());

    private static Map<String, String> capturedAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_runtime_version", "17.0.15");
        attributes.put("_client_version", "9.5.0");
        attributes.put("_client_license", "GPL");
        attributes.put("_runtime_vendor", "Debian");
        attributes.put("_client_name", "MySQL Connector/J");
        return attributes;
    }

    private static ComChangeUser decode(byte[] payload, CapabilitySet capabilities) {
        return GoldenVectors.decode(payload, p -> ComChangeUser.decode(p, capabilities));
    }

    @Test
    void decodesCapturedChangeUserFromConnectorJ() {
        ComChangeUser decoded = decode(Wire.payload("com_change_user"), CAPTURED_CAPABILITIES);
        assertThat(decoded).isEqualTo(CAPTURED);
        assertThat(decoded.connectAttributes().keySet()).containsExactlyElementsOf(capturedAttributes().keySet());
    }

    @Test
    void encodesCapturedChangeUserFromConnectorJ() {
        assertThat(GoldenVectors.encode(out -> CAPTURED.encode(out, CAPTURED_CAPABILITIES))).isEqualTo(Wire.payload("com_change_user"));
    }

    @Test
    void readsTheSameBytesDifferentlyWithoutPluginAuthAndAttributes() {
        CapabilitySet secureOnly = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_RESERVED2);
        byte[] payload = GoldenVectors.encode(out -> new ComChangeUser("app", new byte[] {1, 0, 2}, "", 33, "", Map.of())
                .encode(out, secureOnly));
        // 0x11, "app\0", length 3 and the response with its embedded NUL, "\0", collation 33, nothing after.
        assertThat(payload).containsExactly(0x11, 'a', 'p', 'p', 0, 3, 1, 0, 2, 0, 33, 0);
        assertThat(decode(payload, secureOnly))
                .isEqualTo(new ComChangeUser("app", new byte[] {1, 0, 2}, "", 33, "", Map.of()));
    }

    @Test
    void readsANulTerminatedAuthResponseWithoutSecureConnection() {
        byte[] payload = {0x11, 'u', 0, 'x', 'y', 0, 'd', 'b', 0};
        assertThat(decode(payload, CapabilitySet.NONE))
                .isEqualTo(new ComChangeUser("u", new byte[] {'x', 'y'}, "db", 0, "", Map.of()));
        assertThat(GoldenVectors.encode(out -> new ComChangeUser("u", new byte[] {'x', 'y'}, "db", 0, "", Map.of())
                .encode(out, CapabilitySet.NONE))).isEqualTo(payload);
    }

    @Test
    void rejectsEveryTruncationBeforeTheAttributesEnd() {
        byte[] payload = Wire.payload("com_change_user");
        // Cut right after the database, the packet is a valid old-style change user; everywhere else not.
        int afterDatabase = 1 + 5 + 1 + 5;
        for (int length = 0; length < payload.length; length++) {
            if (length == afterDatabase || length == afterDatabase + 2 + 22) {
                continue;
            }
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> decode(truncated, CAPTURED_CAPABILITIES))
                    .as("length %d", length).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void rejectsAnAuthResponseLengthPastTheEnd() {
        byte[] payload = {0x11, 'u', 0, (byte) 0xFF, 1, 2};
        assertThatThrownBy(() -> decode(payload, CAPTURED_CAPABILITIES))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("auth_plugin_data");
    }

    @Test
    void rejectsAnAttributePairRunningPastItsBlock() {
        // Block length 3, but the key inside claims 5 bytes: the pair must not borrow from past the block.
        byte[] payload = {0x11, 'u', 0, 0, 0, 45, 0, 'p', 0, 3, 5, 'a', 'b', 'c', 'd', 'e'};
        assertThatThrownBy(() -> decode(payload, CAPTURED_CAPABILITIES))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("attribute key");
    }

    @Test
    void rejectsARepeatedAttributeKey() {
        // Block of 8 bytes: "k" = "1", then "k" = "2" starting at payload offset 14.
        byte[] payload = {0x11, 'u', 0, 0, 0, 45, 0, 'p', 0, 8, 1, 'k', 1, '1', 1, 'k', 1, '2'};
        assertThatThrownBy(() -> decode(payload, CAPTURED_CAPABILITIES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("COM_CHANGE_USER: connect attribute key at offset 14: k (expected: unique keys)");
    }

    @Test
    void neverPrintsTheAuthResponse() {
        byte[] secret = "hunter2-scramble".getBytes(StandardCharsets.US_ASCII);
        ComChangeUser changeUser = new ComChangeUser("root", secret, "test", 45, "mysql_clear_password", Map.of());
        assertThat(changeUser.toString()).doesNotContain("hunter2").doesNotContain(Arrays.toString(secret))
                .contains("root").contains("<16 bytes>");
    }

    @Test
    void refusesAnAuthResponseTooLongForItsLengthByte() {
        ComChangeUser changeUser = new ComChangeUser("root", new byte[256], "", 0, "", Map.of());
        assertThatThrownBy(() -> GoldenVectors.encode(out -> changeUser.encode(out, CAPTURED_CAPABILITIES)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
