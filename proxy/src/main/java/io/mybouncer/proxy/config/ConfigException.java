package io.mybouncer.proxy.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; carries every problem found, so one run shows them all. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ", "invalid configuration:\n  ", "")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: empty (expected: at least one)");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, section by section: listeners, backend, auth, users, pools, client_tls, http, clients. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
