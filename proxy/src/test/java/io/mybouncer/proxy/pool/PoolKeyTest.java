package io.mybouncer.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import org.junit.jupiter.api.Test;

class PoolKeyTest {
    @Test
    void namesUserSchemaCollationAndFlagsShortlyForErrorMessages() {
        PoolKey key = new PoolKey("app", "shop", 45,
                CapabilitySet.of(Capability.CLIENT_DEPRECATE_EOF, Capability.MARIADB_CLIENT_EXTENDED_METADATA));

        assertThat(key).hasToString("app/shop (collation 45, DEPRECATE_EOF MARIADB_CLIENT_EXTENDED_METADATA)");
        assertThat(new PoolKey("app", null, 45, CapabilitySet.NONE)).hasToString("app (collation 45)");
    }

    @Test
    void keysWithTheSameFieldsAreEqual() {
        CapabilitySet eof = CapabilitySet.of(Capability.CLIENT_DEPRECATE_EOF);

        assertThat(new PoolKey("app", "shop", 45, eof)).isEqualTo(new PoolKey("app", "shop", 45, eof));
        assertThat(new PoolKey("app", "shop", 45, eof))
                .isNotEqualTo(new PoolKey("app", "shop", 45, CapabilitySet.NONE));
    }
}
