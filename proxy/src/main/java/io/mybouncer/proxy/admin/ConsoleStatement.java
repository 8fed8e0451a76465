package io.mybouncer.proxy.admin;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement sent to the console, as PgBouncer's {@code admin.c} reads its commands: a verb of
 * one or two words in any case, then an argument; blanks around it and trailing semicolons do not
 * count, and neither do comments in front (MySQL Connector/J puts one before its queries). Nothing
 * here knows the commands: the console looks the verb up in its table.
 *
 * @param text the statement without leading comments, surrounding blanks and trailing semicolons
 */
record ConsoleStatement(String text) {
    /** Leading blanks and C-style comments, as many as there are. */
    private static final Pattern LEADING = Pattern.compile("\\A(?:\\s+|/\\*.*?\\*/)*", Pattern.DOTALL);
    /** Trailing blanks and semicolons. */
    private static final Pattern TRAILING = Pattern.compile("[\\s;]+\\z");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    static ConsoleStatement parse(String sql) {
        Matcher leading = LEADING.matcher(sql);
        String rest = leading.lookingAt() ? sql.substring(leading.end()) : sql;
        return new ConsoleStatement(TRAILING.matcher(rest).replaceFirst(""));
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** The first {@code words} words in upper case, one blank between them; empty when there are fewer. */
    Optional<String> verb(int words) {
        String[] parts = BLANKS.split(text, words + 1);
        if (text.isEmpty() || parts.length < words) {
            return Optional.empty();
        }
        StringBuilder verb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            verb.append(i == 0 ? "" : " ").append(parts[i].toUpperCase(Locale.ROOT));
        }
        return Optional.of(verb.toString());
    }

    /** What follows the first {@code words} words, as written; empty when nothing does. */
    String after(int words) {
        String[] parts = BLANKS.split(text, words + 1);
        return parts.length > words ? parts[words] : "";
    }

    /** The statement cut to a length an error message can quote. */
    String quoted() {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
