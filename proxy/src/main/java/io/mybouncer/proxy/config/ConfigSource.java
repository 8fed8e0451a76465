package io.mybouncer.proxy.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the proxy's configuration comes from, so that RELOAD (and SIGHUP) can read it again: the
 * same file and flags as at start, validated as at start.
 */
public interface ConfigSource {
    /** Loads and validates the configuration as it is now. */
    ProxyConfig load() throws ConfigException;

    /** The file, or {@code command line} without one: what messages about a reload name. */
    String name();

    /**
     * {@code --config FILE} (if any) and flags.
     *
     * @param environment what {@code ${NAME}} references resolve against
     */
    static ConfigSource of(Map<String, String> environment, Optional<Path> file, ConfigOverrides overrides) {
        return new ConfigSource() {
            @Override
            public ProxyConfig load() throws ConfigException {
                return new ConfigLoader(environment).load(file, overrides);
            }

            @Override
            public String name() {
                return file.map(Path::toString).orElse(ConfigProblem.COMMAND_LINE);
            }
        };
    }

    /** A configuration built in code (tests, the demo): a reload finds it unchanged. */
    static ConfigSource fixed(ProxyConfig config) {
        return new ConfigSource() {
            @Override
            public ProxyConfig load() {
                return config;
            }

            @Override
            public String name() {
                return "the configuration given at start";
            }
        };
    }
}
