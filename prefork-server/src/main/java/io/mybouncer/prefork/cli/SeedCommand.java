package io.mybouncer.prefork.cli;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbOptions;
import io.mybouncer.prefork.db.KnownRows;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code prefork-server seed}: creates table t with its known rows. */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create table t (if missing) and give rows 1..N their known values ('row-N').")
final class SeedCommand implements Callable<Integer> {
    @Mixin
    private DbOptions db;

    @Option(names = "--rows", defaultValue = "1000", description = "How many rows (default: ${DEFAULT-VALUE}).")
    private int rows;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || rows > KnownRows.MAX_ROWS) {
            throw new ParameterException(spec.commandLine(), "--rows: " + rows + " (expected: 1.." + KnownRows.MAX_ROWS
                    + ")");
        }
        DbLogin login = db.login(System.getenv());
        KnownRows.seed(login, rows);
        spec.commandLine().getOut().printf("table %s in %s: rows 1..%d hold 'row-N'%n", KnownRows.TABLE, login, rows);
        return 0;
    }
}
