package io.mybouncer.proxy.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One YAML mapping (or the set of command-line flags) at a key path, read through typed getters that
 * validate as they read. A getter returns empty both when the key is absent and when its value is
 * refused; in the second case it has recorded a {@link ConfigProblem} naming the source, the key path,
 * the value and what was expected. Callers therefore read every key, fall back to the default, and
 * look at the problem list once at the end, so one run reports every mistake.
 *
 * <p>A key whose value is YAML null ({@code key:} or {@code key: ~}) counts as absent.
 */
final class ConfigMapping {
    /** Values longer than this are cut in messages: a message names the value, it need not copy it. */
    private static final int MAX_SHOWN = 60;

    private final String source;
    /** The key path of this mapping; empty for the document root and for the flags. */
    private final String path;
    private final Map<String, Object> entries;
    private final List<ConfigProblem> problems;

    private ConfigMapping(String source, String path, Map<String, Object> entries, List<ConfigProblem> problems) {
        this.source = source;
        this.path = path;
        this.entries = entries;
        this.problems = problems;
    }

    /** The mapping at {@code path}; keys that are not plain names are reported and left out. */
    static ConfigMapping of(String source, String path, Map<?, ?> yaml, List<ConfigProblem> problems) {
        Map<String, Object> entries = new LinkedHashMap<>();
        ConfigMapping mapping = new ConfigMapping(source, path, entries, problems);
        yaml.forEach((key, value) -> {
            if (key instanceof String name) {
                entries.put(name, value);
            } else {
                mapping.problem(String.valueOf(key), "not a key name (expected: a plain word such as size)");
            }
        });
        return mapping;
    }

    /** Reports every key not in {@code known}, suggesting the closest known one. */
    ConfigMapping allowing(String... known) {
        for (String key : entries.keySet()) {
            if (!Arrays.asList(known).contains(key)) {
                String suggestion = Arrays.stream(known).filter(candidate -> editDistance(candidate, key) <= 2)
                        .findFirst().map(candidate -> "did you mean " + candidate + "?")
                        .orElse("expected one of: " + String.join(", ", known));
                problem(key, "unknown key (" + suggestion + ")");
            }
        }
        return this;
    }

    String source() {
        return source;
    }

    /** The full key path of {@code key} in this mapping, as messages show it. */
    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(source, keyPath(key), message));
    }

    /** A problem with this mapping as a whole, such as two keys that exclude each other. */
    void problemWithWhole(String message) {
        problems.add(new ConfigProblem(source, path, message));
    }

    boolean has(String key) {
        return entries.get(key) != null;
    }

    /** A nested mapping. */
    Optional<ConfigMapping> mapping(String key) {
        Object value = entries.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem(key, "expected a mapping of keys to values, found " + kind(value));
            return Optional.empty();
        }
        return Optional.of(of(source, keyPath(key), map, problems));
    }

    /** The nested mapping, or an empty one at its path when the key is absent, so defaults apply. */
    ConfigMapping mappingOrEmpty(String key) {
        return mapping(key).orElseGet(() -> new ConfigMapping(source, keyPath(key), Map.of(), problems));
    }

    /** A list of mappings, each with the path {@code key[i]}. */
    Optional<List<ConfigMapping>> mappings(String key) {
        Object value = entries.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            problem(key, "expected a list (entries starting with '- '), found " + kind(value));
            return Optional.empty();
        }
        List<ConfigMapping> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String itemPath = keyPath(key) + "[" + i + "]";
            if (list.get(i) instanceof Map<?, ?> map) {
                result.add(of(source, itemPath, map, problems));
            } else {
                problems.add(new ConfigProblem(source, itemPath,
                        "expected a mapping of keys to values, found " + kind(list.get(i))));
            }
        }
        return Optional.of(result);
    }

    /**
     * A list of single values as text. An entry that is a mapping or a list is reported with the path
     * {@code key[i]} and left out.
     */
    Optional<List<String>> texts(String key) {
        Object value = entries.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            problem(key, "expected a list (entries starting with '- ', or [a, b]), found " + kind(value));
            return Optional.empty();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                problems.add(new ConfigProblem(source, keyPath(key) + "[" + i + "]",
                        "expected a single value, found " + (item == null ? "nothing" : kind(item))));
            } else {
                result.add(item.toString());
            }
        }
        return Optional.of(result);
    }

    /**
     * A single value as text. The problem for a wrong kind names the kind, never the value, so secrets
     * may be read with this too.
     */
    Optional<String> text(String key) {
        Object value = entries.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            problem(key, "expected a single value, found " + kind(value));
            return Optional.empty();
        }
        return Optional.of(value.toString());
    }

    /** A value converted by {@code parse}, which returns empty to refuse it with {@code expected}. */
    <T> Optional<T> value(String key, String expected, Function<String, Optional<T>> parse) {
        return text(key).flatMap(text -> {
            Optional<T> parsed = parse.apply(text);
            if (parsed.isEmpty()) {
                problem(key, show(text) + " (expected: " + expected + ")");
            }
            return parsed;
        });
    }

    Optional<Integer> integer(String key, int min, int max) {
        return value(key, range(min, max), text -> text.matches("\\d{1,10}")
                ? Optional.of(Long.parseLong(text)).filter(n -> n >= min && n <= max).map(Long::intValue)
                : Optional.empty());
    }

    Optional<Integer> byteSize(String key, int min, int max) {
        String expected = ByteSizeSyntax.EXPECTED + ", from " + ByteSizeSyntax.format(min) + " to "
                + ByteSizeSyntax.format(max);
        return value(key, expected, text -> {
            OptionalLong size = ByteSizeSyntax.parse(text);
            return size.isPresent() && size.getAsLong() >= min && size.getAsLong() <= max
                    ? Optional.of((int) size.getAsLong()) : Optional.empty();
        });
    }

    Optional<Boolean> bool(String key) {
        return value(key, "true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        });
    }

    /** A duration, {@code 0} included only when {@code zeroAllowed}. */
    Optional<Duration> duration(String key, boolean zeroAllowed) {
        String expected = zeroAllowed ? DurationSyntax.EXPECTED + ", or 0" : DurationSyntax.EXPECTED + ", above 0";
        return value(key, expected, text -> DurationSyntax.parse(text).filter(d -> zeroAllowed || !d.isZero()));
    }

    /** One of an enum's constants, written in lower case ({@code verify_ca} for VERIFY_CA), any case accepted. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        E[] constants = type.getEnumConstants();
        List<String> names = Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        String expected = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        return value(key, expected, text -> Arrays.stream(constants)
                .filter(c -> c.name().equalsIgnoreCase(text)).findFirst());
    }

    /** {@code HOST:PORT}, the port required. */
    Optional<HostPort> hostPort(String key) {
        return hostPort(key, OptionalInt.empty());
    }

    /** {@code HOST:PORT}, or {@code HOST} alone with {@code defaultPort}. */
    Optional<HostPort> hostPort(String key, int defaultPort) {
        return hostPort(key, OptionalInt.of(defaultPort));
    }

    private Optional<HostPort> hostPort(String key, OptionalInt defaultPort) {
        return text(key).flatMap(text -> {
            try {
                return Optional.of(defaultPort.isPresent() ? HostPort.parse(text, defaultPort.getAsInt())
                        : HostPort.parse(text));
            } catch (IllegalArgumentException e) {
                problem(key, show(text) + " " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** Permission bits written in octal, {@code 0660} or {@code 660}. */
    Optional<Integer> fileMode(String key) {
        return value(key, "octal permission bits such as 0660 or 0600", text ->
                text.matches("0?[0-7]{3}") ? Optional.of(Integer.parseInt(text, 8)) : Optional.empty());
    }

    /** A path to a regular file this process can read. */
    Optional<Path> readableFile(String key) {
        return text(key).flatMap(text -> {
            Path file;
            try {
                file = Path.of(text);
            } catch (InvalidPathException e) {
                problem(key, show(text) + " (expected: a file path; " + e.getReason() + ")");
                return Optional.empty();
            }
            if (!Files.exists(file)) {
                problem(key, show(text) + " (expected: an existing file; it does not exist)");
            } else if (!Files.isRegularFile(file)) {
                problem(key, show(text) + " (expected: a regular file; it is a directory or device)");
            } else if (!Files.isReadable(file)) {
                problem(key, show(text) + " (expected: a file this process can read; permission denied)");
            } else {
                return Optional.of(file);
            }
            return Optional.empty();
        });
    }

    /** The value as messages show it: quoted when it would otherwise be hard to see, cut when long. */
    static String show(String value) {
        String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        boolean quote = shown.isEmpty() || shown.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"');
        return quote ? '"' + shown.replace("\"", "\\\"") + '"' : shown;
    }

    private static String range(int min, int max) {
        return "an integer " + (max == Integer.MAX_VALUE ? "of at least " + min : min + ".." + max);
    }

    private static String kind(Object value) {
        if (value instanceof Map<?, ?> map) {
            return "a mapping with keys " + map.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return value instanceof List ? "a list" : "a single value";
    }

    /** Levenshtein distance, for "did you mean" on unknown keys. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
