package io.mybouncer.proxy.it;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A scrape of {@code /metrics} read back: every sample by its series ({@code name{labels}} exactly
 * as exposed) and the metric families that carry help text. Enough of the text format for tests.
 */
record PrometheusText(Map<String, Double> samples, Set<String> helped) {
    static PrometheusText parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> helped = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.split(" ", 4);
                if (parts.length == 4 && !parts[3].isBlank()) {
                    helped.add(parts[2]);
                }
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new PrometheusText(samples, helped);
    }

    /** The sample's value; fails when the series is not exposed. */
    double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in the scrape; it has " + samples.keySet());
        }
        return value;
    }
}
