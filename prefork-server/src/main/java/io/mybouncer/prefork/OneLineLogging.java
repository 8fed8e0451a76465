package io.mybouncer.prefork;

/** java.util.logging on one line per event, for the master and its workers alike. */
public final class OneLineLogging {
    /** Time, level, logger, message (the JDK's default spreads each event over two lines). */
    private static final String FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";
    private static final String PROPERTY = "java.util.logging.SimpleFormatter.format";

    private OneLineLogging() {
    }

    /** Applies the format unless the user chose one. Call before the first logger is used. */
    public static void install() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, FORMAT);
        }
    }
}
