package io.csgate.bench.cli;

import io.csgate.bench.BenchCommand;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DeadlineExceededException;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.bench.run.Watchdog;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The frame of every scenario: check the options (exit 2 on a bad one), arm the global deadline,
 * run, print the table and the JSON line. Exit codes: 0 done, 1 the run failed (server
 * unreachable or refusing, deadline reached; the message says which), 2 bad options, 3 the run
 * did not stop within {@link Watchdog#GRACE} of its deadline.
 */
public abstract class ScenarioCommand implements Callable<Integer> {

    public static final int EXIT_FAILED = 1;

    @ParentCommand
    private BenchCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    protected TargetOptions targetOptions;

    @Option(names = "--deadline", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Hard limit for the whole run, setup and teardown included; everything stops"
                    + " there (default: the scenario's expected length plus 60s; at most 20m).")
    private Duration deadline;

    /** Checks options; throws {@link IllegalArgumentException} naming the option. */
    protected abstract void validate();

    /** How long a normal run takes, without the 60 s margin of the default deadline. */
    protected abstract Duration expectedLength();

    protected abstract Report run(RunContext ctx) throws InterruptedException;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Deadline until;
        Target target;
        String secret;
        try {
            target = targetOptions.target();
            secret = targetOptions.secret();
            validate();
            Duration d = deadline != null ? deadline : expectedLength().plusSeconds(60);
            until = Deadline.after(Limits.check("--deadline", d, Duration.ofMillis(100), Limits.MAX_DEADLINE));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        String name = spec.name();
        try (Watchdog watchdog = new Watchdog(until, err, root != null && root.hardExit())) {
            try {
                Report report = run(new RunContext(target, secret, until, watchdog, out, err, runId()));
                report.print(out);
                return 0;
            } catch (DeadlineExceededException e) {
                err.println("bench " + name + ": " + e.getMessage() + "; stopped at the run's deadline");
            } catch (BenchException e) {
                err.println("bench " + name + ": " + e.getMessage());
            } catch (InterruptedException e) {
                err.println("bench " + name + ": " + (watchdog.fired()
                        ? "stopped at the run's deadline" : "interrupted"));
            }
            err.flush();
            return EXIT_FAILED;
        }
    }

    static String runId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36),
                36);
    }
}
