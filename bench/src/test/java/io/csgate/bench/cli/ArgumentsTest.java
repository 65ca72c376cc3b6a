package io.csgate.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.bench.BenchRun;
import io.csgate.bench.cluster.FleetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ArgumentsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "fanout --url http://192.0.2.7:8000 | not a loopback address",
        "fanout --url https://127.0.0.1:8000 | must start with http://",
        "fanout --rate 0 | --rate must be between 1 and",
        "fanout --duration 11m | --duration must be between",
        "fanout --deadline 1h | --deadline must be between",
        "fanout --per-process 20000 | --per-process must be between 1 and 15000",
        "fanout --subscribers 100000 --per-process 5000 | the cap is 16",
        "fanout --subscribers 30000 --processes 1 | more than --per-process 15000 in one process",
        "fanout --subscribers 10 --channels 11 | --channels must be between 1 and 10",
        "fanout --via kafka | --via kafka needs --bootstrap-servers",
        "fanout --via kafka --bootstrap-servers 192.0.2.1:9092 | not a loopback address",
        "fanout --client-heartbeat soon | is not a duration",
        "fanout --worker-heap lots | --worker-heap must look like",
        "fanout --half-open -1 | --half-open must be between 0 and 100000",
        "fanout --half-open 100 --half-open-per-process 20000 | --half-open-per-process must be between 1 and 15000",
        "fanout --half-open 100000 --half-open-per-process 1000 | half-open processes must be between 0 and 16",
        "idle --connections 0 | subscribers must be between 1 and",
        "connect --connections 100001 | subscribers must be between 1 and 100000",
        "ingest --batches 0 | --batches must be between 1 and",
        "ingest --concurrency 1000 | --concurrency must be between 1 and 256",
        "startup --gateway-command true --ready-url http://192.0.2.1:1/readyz | not a loopback address",
        "startup --ready-url http://127.0.0.1:1/readyz | Missing required option: '--gateway-command",
        "fanout --no-such-option | Unknown option",
    })
    void badOptionsExitWithCode2AndSayWhy(String args, String message) {
        BenchRun r = BenchRun.of(args.split(" "));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpListsTheScenariosAndExitCodes() {
        BenchRun r = BenchRun.of("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("fanout", "idle", "connect", "ingest", "startup", "Exit codes")
                .doesNotContain("worker");
    }

    @Test
    void fleetsStayInProcessUntilTheyNeedWorkers() {
        assertThat(spec(15_000, 15_000, 0).workerCount()).isZero();
        assertThat(spec(19_000, 15_000, 0).workerCount()).isEqualTo(2);
        assertThat(spec(45_001, 15_000, 0).workerCount()).isEqualTo(4);
        assertThat(spec(10, 15_000, 3).workerCount()).isEqualTo(3);
    }

    private static FleetSpec spec(int subscribers, int perProcess, int processes) {
        FleetOptions o = CommandLine.populateCommand(new FleetOptions(), "--per-process", "" + perProcess,
                "--processes", "" + processes);
        return o.spec("r", subscribers, 1, false);
    }

    @Test
    void secretComesFromTheOptionThenTheFileThenTheDefault(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "from-file\nignored\n");
        assertThat(CommandLine.populateCommand(new TargetOptions(), "--secret", "s1", "--secret-file", file.toString())
                .secret()).isEqualTo("s1");
        assertThat(CommandLine.populateCommand(new TargetOptions(), "--secret-file", file.toString()).secret())
                .isEqualTo("from-file");
        if (System.getenv(TargetOptions.SECRET_ENV) == null) {
            assertThat(CommandLine.populateCommand(new TargetOptions()).secret()).isEqualTo("secret");
        }
        assertThat(CommandLine.populateCommand(new TargetOptions()).target().port()).isEqualTo(8000);
    }
}
