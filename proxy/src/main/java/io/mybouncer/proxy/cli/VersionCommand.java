package io.mybouncer.proxy.cli;

import io.mybouncer.proxy.MybouncerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mybouncer version}: the build's version and the Java runtime it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print mybouncer's version and the Java runtime.",
        footer = {"", "Example:", "  mybouncer version"})
final class VersionCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }

    /** The build's version and the Java runtime, for {@code version} and {@code --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "mybouncer " + MybouncerVersion.get(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            };
        }
    }
}
