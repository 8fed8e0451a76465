package io.mybouncer.proxy.sql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The session system variables a query's SET statements assign, by name: a rarely run second pass, for a
 * query whose effects include {@link Effect#SESSION_TRACKING_SET}. Changing a tracker changes what the backend
 * reports for the same statement, so the values of the other variables it set are learned again by name
 * (MariaDB Connector/J connects with {@code set sql_mode=CONCAT(@@sql_mode,..),
 * session_track_system_variables=CONCAT(..), NAMES utf8mb4}). {@code NAMES} and {@code CHARACTER SET} stand
 * for the variables they set. GLOBAL and PERSIST items, user variables and the trackers are left out. Not
 * thread-safe; the buffer's indexes do not move.
 */
public final class SetAssignments {
    private static final List<String> CHARACTER_SET_VARIABLES = List.of("character_set_client",
            "character_set_results", "collation_connection");

    private final SqlLexer lexer = new SqlLexer();

    /** The names, lower case, in text order (a name may repeat). */
    public List<String> sessionVariables(ByteBuf sql, SqlMode mode) {
        List<String> names = new ArrayList<>();
        lexer.reset(sql, mode);
        boolean statementStart = true;
        for (TokenType type = lexer.next(); type != TokenType.END && type != TokenType.ERROR; ) {
            if (statementStart && type == TokenType.WORD && lexer.spells("SET")) {
                type = items(sql, names);
            } else {
                statementStart = type == TokenType.SEMICOLON;
                type = lexer.next();
            }
            if (type == TokenType.SEMICOLON) {
                statementStart = true;
                type = lexer.next();
            }
        }
        return names;
    }

    /** At SET: reads its items up to the statement's end, which it returns. */
    private TokenType items(ByteBuf sql, List<String> names) {
        TokenType type = lexer.next();
        boolean global = false;
        while (true) {
            if (type == TokenType.WORD && (lexer.spells("SESSION") || lexer.spells("LOCAL"))) {
                global = false;
                type = lexer.next();
            } else if (type == TokenType.WORD && (lexer.spells("GLOBAL") || lexer.spells("PERSIST")
                    || lexer.spells("PERSIST_ONLY"))) {
                global = true;
                type = lexer.next();
            }
            String name = name(sql, type);
            if (name != null && !global) {
                if (name.equals("names") || name.equals("character") || name.equals("charset")) {
                    names.addAll(CHARACTER_SET_VARIABLES);
                } else if (!name.startsWith("session_track_")) {
                    names.add(name);
                }
            }
            int depth = 0;
            do {
                if (lexer.isPunctuation('(')) {
                    depth++;
                } else if (lexer.isPunctuation(')')) {
                    depth--;
                }
                type = lexer.next();
            } while (type != TokenType.END && type != TokenType.ERROR && type != TokenType.SEMICOLON
                    && !(depth == 0 && lexer.isPunctuation(',')));
            if (!lexer.isPunctuation(',')) {
                return type;
            }
            type = lexer.next();
        }
    }

    /** The variable an item names, lower case; null for a user variable or a global {@code @@global.x}. */
    private String name(ByteBuf sql, TokenType type) {
        String text = sql.toString(lexer.start(), lexer.end() - lexer.start(), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        return switch (type) {
            case WORD -> text;
            case QUOTED_IDENTIFIER -> text.substring(1, text.length() - 1);
            case SYSTEM_VARIABLE -> {
                String name = text.substring(2);
                if (name.startsWith("global.")) {
                    yield null;
                }
                yield name.startsWith("session.") ? name.substring("session.".length())
                        : name.startsWith("local.") ? name.substring("local.".length()) : name;
            }
            default -> null;
        };
    }
}
