package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.registry.SchemaRegistryUnavailableException;
import dev.graphlet.advisor.serde.TrustedClasses;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./advisor VERB}: the one executable of Graphlet Advisor. */
@Command(name = "advisor", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, versionProvider = AdvisorCli.Version.class,
        description = {"Graphlet Advisor: predicts which ML pipeline runs will not be deployed and advises "
                + "orchestrators to SKIP or CONTINUE them, live, over Kafka."},
        subcommands = {LocalCommand.class, RunCommand.class, ProduceCommand.class, TailCommand.class, BenchCommand.class, SimulateCommand.class, EvaluateCommand.class, ReplayCommand.class, TrainCommand.class, ControlCommand.class, DemoCommand.class, ResetCommand.class, DlqCommand.class, MlmdCommand.class, CommandLine.HelpCommand.class})
public final class AdvisorCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        TrustedClasses.trustAdvisorPackages();
        System.exit(commandLine().execute(args));
    }

    /** The command line with the advisor's error handling: user errors are one line and exit non-zero. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AdvisorCli());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("error: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof UserError || e instanceof IllegalArgumentException
                    || e instanceof SchemaRegistryUnavailableException) {
                err.println("error: " + e.getMessage());
            } else {
                err.println("error: " + e);
                e.printStackTrace(err);
            }
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AdvisorCli.class.getPackage().getImplementationVersion();
            return new String[] {"graphlet-advisor " + (version == null ? "dev" : version)};
        }
    }
}
