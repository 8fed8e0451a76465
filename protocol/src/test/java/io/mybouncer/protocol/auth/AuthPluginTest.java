package io.mybouncer.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthPluginTest {
    @Test
    void findsEachImplementedPluginByItsWireName() {
        assertThat(AuthPlugin.forName("mysql_native_password")).containsSame(MysqlNativePassword.INSTANCE);
        assertThat(AuthPlugin.forName("caching_sha2_password")).containsSame(CachingSha2Password.INSTANCE);
        assertThat(AuthPlugin.forName("mysql_clear_password")).containsSame(ClearPassword.INSTANCE);
    }

    @Test
    void namesMatchTheLookup() {
        for (AuthPlugin plugin : new AuthPlugin[] {
                MysqlNativePassword.INSTANCE, CachingSha2Password.INSTANCE, ClearPassword.INSTANCE}) {
            assertThat(AuthPlugin.forName(plugin.name())).containsSame(plugin);
        }
    }

    @Test
    void knowsNothingOfOtherPlugins() {
        assertThat(AuthPlugin.forName("client_ed25519")).isEmpty();
        assertThat(AuthPlugin.forName("mysql_old_password")).isEmpty();
    }
}
