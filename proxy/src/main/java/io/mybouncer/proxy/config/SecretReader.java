package io.mybouncer.proxy.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads secrets from the configuration: written out, or as an environment reference {@code ${NAME}}
 * (the whole value), resolved once at load, so the file can be committed and the password come from a
 * Kubernetes secret or a systemd credential. Problems name the key and the variable, never a value.
 */
final class SecretReader {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(.*)}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    SecretReader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** A plaintext secret at {@code key}. */
    Optional<Secret> plaintext(ConfigMapping mapping, String key) {
        return resolve(mapping, key).map(Secret::plaintext);
    }

    /** A mysql_native_password hash ({@code *} and 40 hex digits) at {@code key}. */
    Optional<Secret> nativePasswordHash(ConfigMapping mapping, String key) {
        return resolve(mapping, key).flatMap(hash -> {
            try {
                return Optional.of(Secret.nativePasswordHash(hash));
            } catch (IllegalArgumentException e) {
                mapping.problem(key, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** The value at {@code key}, with a whole-value {@code ${NAME}} replaced by the variable's value. */
    private Optional<String> resolve(ConfigMapping mapping, String key) {
        return mapping.text(key).flatMap(text -> {
            Matcher reference = REFERENCE.matcher(text);
            if (!reference.matches()) {
                return Optional.of(text);
            }
            String name = reference.group(1);
            if (!VARIABLE_NAME.matcher(name).matches()) {
                mapping.problem(key, "not a valid environment reference (expected: ${NAME}, NAME made of letters, "
                        + "digits and _)");
                return Optional.empty();
            }
            String value = environment.get(name);
            if (value == null) {
                mapping.problem(key, "refers to environment variable " + name + ", which is not set");
                return Optional.empty();
            }
            if (value.isEmpty()) {
                mapping.problem(key, "refers to environment variable " + name
                        + ", which is empty (write password: \"\" for an empty password)");
                return Optional.empty();
            }
            return Optional.of(value);
        });
    }
}
