package io.mybouncer.proxy.log;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * The process's logging: one handler on the root logger, writing {@link LineFormatter} lines to
 * standard error. The level can be changed while running ({@link #setLevel}).
 */
public final class Logging {
    private static final Logger ROOT = Logger.getLogger("");

    private Logging() {
    }

    /** Replaces the root logger's handlers with one that writes {@code format} lines at {@code level}. */
    public static synchronized void configure(LogFormat format, LogLevel level) {
        for (Handler handler : ROOT.getHandlers()) {
            ROOT.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new LineFormatter(format));
        ROOT.addHandler(console);
        setLevel(level);
    }

    /** Changes what is logged from now on. */
    public static synchronized void setLevel(LogLevel level) {
        ROOT.setLevel(level.jdkLevel());
        for (Handler handler : ROOT.getHandlers()) {
            handler.setLevel(level.jdkLevel());
        }
    }

    public static LogLevel level() {
        return LogLevel.of(ROOT.getLevel());
    }
}
