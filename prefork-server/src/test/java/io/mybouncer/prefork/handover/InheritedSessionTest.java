package io.mybouncer.prefork.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ServerStatus;
import org.junit.jupiter.api.Test;

class InheritedSessionTest {
    private static final CapabilitySet NEGOTIATED = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41,
            Capability.CLIENT_DEPRECATE_EOF, Capability.CLIENT_SESSION_TRACK);
    /** MariaDB's extended capabilities live in the upper 32 bits. */
    private static final CapabilitySet OFFERED = CapabilitySet.ofHalves(0xF7FEFFFFL, 0x1DL);

    @Test
    void aWorkerReadsBackTheMastersLogin() {
        ServerSession session = new ServerSession("5.5.5-10.11.19-MariaDB-0+deb12u1, with a comma", 0xFFFF_FFFFL,
                OFFERED, NEGOTIATED, "caching_sha2_password", false, new ServerStatus(ServerStatus.AUTOCOMMIT),
                new byte[0]);

        String argument = InheritedSession.format(session);

        assertThat(argument).isEqualTo("ffffffff,1800200,1df7feffff,2,caching_sha2_password,"
                + "5.5.5-10.11.19-MariaDB-0+deb12u1, with a comma");
        assertThat(InheritedSession.parse(argument)).usingRecursiveComparison().isEqualTo(session);
    }

    @Test
    void refusesATlsSession() {
        ServerSession tls = new ServerSession("8.4.6", 1, OFFERED, NEGOTIATED, "caching_sha2_password", true,
                new ServerStatus(0), new byte[0]);
        assertThatThrownBy(() -> InheritedSession.format(tls)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS");
    }

    @Test
    void refusesWhatItDidNotWrite() {
        assertThatThrownBy(() -> InheritedSession.parse("2a,200")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2a,200' (expected: 6 comma-separated fields");
        assertThatThrownBy(() -> InheritedSession.parse("2a,zz,0,2,mysql_native_password,10.11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not hexadecimal");
    }
}
