package io.mybouncer.proxy.config;

/**
 * One setting of a running configuration, as the admin console's SHOW CONFIG lists it and RELOAD
 * reports it.
 *
 * @param key        the key path as the file writes it ({@code pools.size}, {@code users.app})
 * @param value      the value as the file writes it; secrets are {@code ***}
 * @param reloadable whether RELOAD applies a change of it; if not, a change needs a restart
 */
public record Setting(String key, String value, boolean reloadable) {
}
