package io.mybouncer.proxy.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a configuration file into plain maps, lists and strings.
 *
 * <p>The YAML is parsed with SnakeYAML's {@link SafeConstructor}, which builds only maps, lists and
 * scalars, never objects named by the file. Plain scalars stay strings: YAML 1.1 would read
 * {@code mode: 0660} as the decimal 432, {@code password: yes} as {@code true} and {@code 1_000} as a
 * number, so the loader types each value itself and its messages quote what was written. Only
 * {@code ~}, {@code null} and an empty value are read as null, meaning "not set". Duplicate keys are
 * refused, since the second would silently win.
 *
 * <p>Syntax errors are reported with line and column but without SnakeYAML's snippet of the line,
 * which could be a password.
 */
final class ConfigFileReader {
    /** Far above any real configuration; bounds what a wrong path (a log file, a device) can cost. */
    private static final int MAX_CODE_POINTS = 1 << 20;

    private ConfigFileReader() {
    }

    /** The file's top-level mapping; empty, with problems recorded, if it cannot be read as one. */
    static Optional<Map<?, ?>> read(Path file, List<ConfigProblem> problems) {
        String source = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_CODE_POINTS) {
                problems.add(new ConfigProblem(source, "(file)", "larger than 1 MiB (expected: a YAML configuration)"));
                return Optional.empty();
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(source, "(file)", "cannot read: no such file"));
            return Optional.empty();
        } catch (AccessDeniedException e) {
            problems.add(new ConfigProblem(source, "(file)", "cannot read: permission denied"));
            return Optional.empty();
        } catch (MalformedInputException e) {
            problems.add(new ConfigProblem(source, "(file)", "cannot read: not UTF-8 text"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new ConfigProblem(source, "(file)", "cannot read: " + e));
            return Optional.empty();
        }
        Object document;
        try {
            document = yaml().load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "(file)" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            problems.add(new ConfigProblem(source, where, "not valid YAML: " + e.getProblem()));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new ConfigProblem(source, "(file)", "not valid YAML: " + e.getMessage()));
            return Optional.empty();
        }
        if (document == null) {
            return Optional.of(Map.of());
        }
        if (!(document instanceof Map<?, ?> root)) {
            problems.add(new ConfigProblem(source, "(file)",
                    "expected a mapping of keys to values at the top (listeners:, backend:, ...)"));
            return Optional.empty();
        }
        return Optional.of(root);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_CODE_POINTS);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new NullsOnly());
    }

    /** Resolves plain scalars to null or to strings, nothing else (see the class comment). */
    private static final class NullsOnly extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
        }
    }
}
