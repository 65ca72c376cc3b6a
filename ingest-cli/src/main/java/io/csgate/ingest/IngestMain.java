package io.csgate.ingest;

import io.csgate.ingest.command.ChannelConfigCommand;
import io.csgate.ingest.command.DeleteCommand;
import io.csgate.ingest.command.EditCommand;
import io.csgate.ingest.command.PublishCommand;
import io.csgate.ingest.command.SendCommand;
import io.csgate.ingest.command.UserStateCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ingest}: the root command. Subcommands produce signed events straight to Kafka; see
 * docs/producers.md for the record format and {@link ExitCode} for the exit codes.
 *
 * <p>Build a command line with {@link #commandLine(IngestContext)}; it prints user errors
 * ({@link IngestException}) as one line on stderr and maps them to their exit code.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, versionProvider = IngestMain.Version.class,
        sortOptions = false,
        subcommands = {PublishCommand.class, EditCommand.class, DeleteCommand.class, UserStateCommand.class,
            ChannelConfigCommand.class, SendCommand.class, AutoComplete.GenerateCompletion.class},
        description = {
            "Sign and produce Channelstream events straight to the gateways' Kafka topic.",
            "Settings: flags, else the [channelstream] section of --ini FILE (or CHANNELSTREAM_INI),"
                + " else CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS, CHANNELSTREAM_KAFKA_TOPIC and CHANNELSTREAM_SECRET."
                + " The secret must be the gateways' (not needed for --dry-run): --secret-file, CHANNELSTREAM_SECRET"
                + " or the ini file, never the command line."})
public final class IngestMain implements Callable<Integer> {

    private final IngestContext context;

    @Spec
    CommandSpec spec;

    IngestMain(IngestContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        System.exit(commandLine(IngestContext.system()).execute(args));
    }

    /** A ready command line: exit-code help on every command, user errors printed without trace. */
    public static CommandLine commandLine(IngestContext context) {
        CommandLine cl = new CommandLine(new IngestMain(context));
        applyExitCodeHelp(cl);
        cl.setExecutionExceptionHandler(IngestMain::onError);
        return cl;
    }

    /** The context the subcommands run in. */
    public IngestContext context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    private static void applyExitCodeHelp(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.HELP);
        cl.getSubcommands().values().forEach(IngestMain::applyExitCodeHelp);
    }

    private static int onError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (e instanceof IngestException user) {
            err.println(name + ": " + user.getMessage());
            err.flush();
            return user.exitCode();
        }
        // A bug or an environment failure: one line, the type says what it was.
        err.println(name + ": unexpected error: " + e);
        err.flush();
        return ExitCode.NOT_DELIVERED;
    }

    /** The version from the jar manifest (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = IngestMain.class.getPackage().getImplementationVersion();
            return new String[] {"csgate ingest " + (v == null ? "dev" : v)};
        }
    }
}
