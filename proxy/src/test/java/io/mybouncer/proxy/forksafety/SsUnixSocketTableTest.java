package io.mybouncer.proxy.forksafety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading {@code ss -x -n} output as iproute2 6.1 prints it. */
class SsUnixSocketTableTest {
    private static final String TABLE = String.join("\n",
            "Netid State Recv-Q Send-Q                     Local Address:Port     Peer Address:Port Process",
            "u_str ESTAB 0      0                                      * 6708                * 6707",
            "u_str ESTAB 0      0      /run/mybouncer/proxy.sock 41236                * 41235",
            "u_str ESTAB 0      0      /tmp/with space/proxy.sock 51236                * 51235",
            "u_str ESTAB 0      0                                      * 41235               * 41236",
            "u_dgr UNCONN 0     0                  /run/systemd/notify 1200                  * 0",
            "");

    @Test
    void findsThePeerOfTheProxysSocket() {
        assertThat(SsUnixSocketTable.peerIn(TABLE, 41236)).isEqualTo(OptionalLong.of(41235));
    }

    @Test
    void findsThePeerOfAnUnboundSocket() {
        assertThat(SsUnixSocketTable.peerIn(TABLE, 41235)).isEqualTo(OptionalLong.of(41236));
    }

    @Test
    void readsPathsWithSpaces() {
        assertThat(SsUnixSocketTable.peerIn(TABLE, 51236)).isEqualTo(OptionalLong.of(51235));
    }

    @Test
    void aSocketWithoutPeerHasNone() {
        assertThat(SsUnixSocketTable.peerIn(TABLE, 1200)).isEmpty();
    }

    @Test
    void anInodeNotListedHasNone() {
        assertThat(SsUnixSocketTable.peerIn(TABLE, 999)).isEmpty();
    }

    /** The header's columns and the queue sizes are never taken for an inode. */
    @Test
    void aQueueSizeIsNotAnInode() {
        assertThat(SsUnixSocketTable.peerIn(TABLE, 0)).isEmpty();
    }
}
