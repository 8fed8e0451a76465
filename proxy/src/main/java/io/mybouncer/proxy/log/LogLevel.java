package io.mybouncer.proxy.log;

import java.util.logging.Level;

/** The four levels an operator chooses from, and the JDK levels behind them. */
public enum LogLevel {
    ERROR(Level.SEVERE),
    WARN(Level.WARNING),
    INFO(Level.INFO),
    DEBUG(Level.FINE);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    public Level jdkLevel() {
        return level;
    }

    /** The operator's name for a JDK level: below INFO is DEBUG (FINE, FINER, FINEST, CONFIG included). */
    static LogLevel of(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return ERROR;
        }
        if (value >= Level.WARNING.intValue()) {
            return WARN;
        }
        return value >= Level.INFO.intValue() ? INFO : DEBUG;
    }
}
