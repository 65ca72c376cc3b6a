package io.csgate.bench;

import io.csgate.bench.cluster.WorkerCommand;
import io.csgate.bench.flood.FloodWorkerCommand;
import io.csgate.bench.hops.HopsCommand;
import io.csgate.bench.scenario.BurstCommand;
import io.csgate.bench.scenario.ConnectCommand;
import io.csgate.bench.scenario.FanoutCommand;
import io.csgate.bench.scenario.HostileIdsCommand;
import io.csgate.bench.scenario.IdleCommand;
import io.csgate.bench.scenario.IngestCommand;
import io.csgate.bench.scenario.ResumeCommand;
import io.csgate.bench.scenario.StartupCommand;
import io.csgate.bench.scenario.StormCommand;
import io.csgate.bench.scenario.UsersCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code bench} command: one subcommand per scenario. */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "csgate bench 0.1.0",
        description = {"Load generator for servers speaking the Channelstream 0.7.1 protocol, on this machine only.",
                "Each scenario prints a table and then one JSON line; every run ends by its --deadline."},
        subcommands = {FanoutCommand.class, IdleCommand.class, ConnectCommand.class, IngestCommand.class,
                StartupCommand.class, WorkerCommand.class, HostileIdsCommand.class,
                FloodWorkerCommand.class, BurstCommand.class,
                UsersCommand.class, StormCommand.class, ResumeCommand.class, HopsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the run failed (unreachable, refused, deadline reached)", "2:bad options",
                "3:did not stop within 10 s of the deadline"})
public final class BenchCommand implements Runnable {

    private final boolean hardExit;

    @Spec
    private CommandSpec spec;

    /**
     * @param hardExit halt the JVM when a run overstays its deadline (the launcher); tests that
     *     run commands in process pass false
     */
    public BenchCommand(boolean hardExit) {
        this.hardExit = hardExit;
    }

    public boolean hardExit() {
        return hardExit;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
