package io.mybouncer.prefork.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.client.ServerAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ServerAddressConverterTest {
    private final ServerAddressConverter converter = new ServerAddressConverter();

    @Test
    void readsHostPortIpv6AndUnixSockets() {
        assertThat(converter.convert("db.internal:3306")).isEqualTo(new ServerAddress.Tcp("db.internal", 3306));
        assertThat(converter.convert("[::1]:6033")).isEqualTo(new ServerAddress.Tcp("::1", 6033));
        assertThat(converter.convert("unix:/run/mybouncer/mybouncer.sock"))
                .isEqualTo(new ServerAddress.Unix(Path.of("/run/mybouncer/mybouncer.sock")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.internal:3306", "[::1]:6033", "unix:/run/mybouncer/mybouncer.sock"})
    void writesWhatItReads(String address) {
        assertThat(ServerAddressConverter.format(converter.convert(address))).isEqualTo(address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "db.internal|expected host:port or unix:PATH",
        ":3306|expected host:port or unix:PATH",
        "db.internal:|expected host:port or unix:PATH",
        "db.internal:mysql|the port is not a number",
        "db.internal:0|the port must be 1..65535",
        "db.internal:65536|the port must be 1..65535",
        "unix:|no socket path after 'unix:'"})
    void refusesNamingTheValueAndWhy(String value, String why) {
        assertThatThrownBy(() -> converter.convert(value)).isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + value + "': " + why);
    }
}
