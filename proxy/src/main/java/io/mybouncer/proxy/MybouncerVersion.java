package io.mybouncer.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The build's version, which Maven filters into {@code version.properties}. */
public final class MybouncerVersion {
    private static final String VERSION = read();

    private MybouncerVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        Properties properties = new Properties();
        try (InputStream in = MybouncerVersion.class.getResourceAsStream("version.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
