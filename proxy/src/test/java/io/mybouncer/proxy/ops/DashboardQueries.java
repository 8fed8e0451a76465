package io.mybouncer.proxy.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a Grafana dashboard queries: its panels (rows' nested ones too), variables and PromQL. */
final class DashboardQueries {
    /** A metric name in PromQL; the prefix keeps label names and functions out. */
    private static final Pattern METRIC = Pattern.compile("\\bmybouncer_[a-zA-Z0-9_]+");
    /** The row of panels above the first row. */
    static final String NO_ROW = "";

    private DashboardQueries() {
    }

    /**
     * Every panel by the title of the row it sits in. A row's panels follow it in the dashboard's list,
     * or, when the row is collapsed, are nested in it.
     */
    static Map<String, List<JsonNode>> panelsByRow(JsonNode dashboard) {
        Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
        String row = NO_ROW;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                row = panel.path("title").asText();
                rows.computeIfAbsent(row, title -> new ArrayList<>()).addAll(list(panel.path("panels")));
            } else {
                rows.computeIfAbsent(row, title -> new ArrayList<>()).add(panel);
            }
        }
        return rows;
    }

    /** Every panel that is not a row. */
    static List<JsonNode> panels(JsonNode dashboard) {
        return panelsByRow(dashboard).values().stream().flatMap(List::stream).toList();
    }

    /** The templating variables by name. */
    static Map<String, JsonNode> variables(JsonNode dashboard) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard.path("templating").path("list")
                .forEach(variable -> variables.put(variable.path("name").asText(), variable));
        return variables;
    }

    /** Every {@code mybouncer_*} name the panels and the query variables ask Prometheus for. */
    static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        panels(dashboard).forEach(panel -> names.addAll(queriedBy(panel)));
        for (JsonNode variable : variables(dashboard).values()) {
            JsonNode query = variable.path("query");
            names.addAll(metricNames(query.isObject() ? query.path("query").asText() : query.asText()));
        }
        return names;
    }

    /** The {@code mybouncer_*} names one panel's targets query. */
    static Set<String> queriedBy(JsonNode panel) {
        Set<String> names = new TreeSet<>();
        panel.path("targets").forEach(target -> names.addAll(metricNames(target.path("expr").asText())));
        return names;
    }

    private static Set<String> metricNames(String promQl) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(promQl);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }
}
