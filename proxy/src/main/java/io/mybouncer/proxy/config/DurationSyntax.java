package io.mybouncer.proxy.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How durations are written in the configuration: a whole number and a unit, {@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 1h}, {@code 1d}, or {@code 0}. One unit per value keeps the syntax free of surprises
 * ({@code 1m30s} is written {@code 90s}).
 */
public final class DurationSyntax {
    public static final String EXPECTED = "a duration such as 500ms, 10s, 5m or 1h";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    /** Largest unit first, for {@link #format}. */
    private static final List<ChronoUnit> UNITS =
            List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS);
    private static final List<String> SUFFIXES = List.of("d", "h", "m", "s");

    private DurationSyntax() {
    }

    /** The duration written as {@code text}, or empty if it is not written this way. */
    public static Optional<Duration> parse(String text) {
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException("bad unit: " + matcher.group(2));
        });
    }

    /** The shortest text {@link #parse} reads back as {@code duration}, in the largest exact unit. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        for (int i = 0; i < UNITS.size(); i++) {
            Duration unit = UNITS.get(i).getDuration();
            if (duration.toNanos() % unit.toNanos() == 0) {
                return duration.dividedBy(unit) + SUFFIXES.get(i);
            }
        }
        return duration.toMillis() + "ms";
    }
}
