package io.mybouncer.prefork.db;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli's side of {@link DbMode#ofOption}: {@code inherited} or {@code per-worker}. */
public final class DbModeConverter implements ITypeConverter<DbMode> {
    @Override
    public DbMode convert(String value) {
        try {
            return DbMode.ofOption(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
