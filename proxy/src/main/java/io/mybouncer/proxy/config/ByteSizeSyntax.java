package io.mybouncer.proxy.config;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How sizes in bytes are written in the configuration: a whole number of bytes, or with a binary unit
 * as MySQL's option files write them ({@code 64M} or {@code 64MiB} is 64 × 2<sup>20</sup>).
 */
public final class ByteSizeSyntax {
    public static final String EXPECTED = "a size such as 16777216, 1024K, 64M or 1G";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(?:([KMG])(?:iB)?)?", Pattern.CASE_INSENSITIVE);

    private ByteSizeSyntax() {
    }

    /** The size written as {@code text}, or empty if it is not written this way. */
    public static OptionalLong parse(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "" -> 0;
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> throw new IllegalStateException("bad unit: " + unit);
        };
        // At most 12 digits, so shifting by 30 stays far below Long.MAX_VALUE.
        return OptionalLong.of(amount << shift);
    }

    /** The shortest text {@link #parse} reads back as {@code bytes}, in the largest exact unit. */
    public static String format(long bytes) {
        String[] units = {"G", "M", "K"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
                return (bytes >> shifts[i]) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
