package io.csgate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestMainTest {

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli.Run r = new Cli().run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("publish", "edit", "delete", "user-state", "channel-config", "send",
                "generate-completion", "Exit codes:", "0   all records acknowledged",
                "3   send: invalid lines (listed on stderr); from a FILE nothing sent");
    }

    @Test
    void everySubcommandShowsTheExitCodesInItsHelp() {
        for (String cmd : new String[] {"publish", "edit", "delete", "user-state", "channel-config", "send"}) {
            Cli.Run r = new Cli().run(cmd, "--help");
            assertThat(r.exit()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: ingest " + cmd, "--bootstrap-servers", "--secret-file",
                    "--dry-run", "Exit codes:", "1   not all acknowledged: Kafka unreachable",
                    "2   bad option or value, configuration (no secret, unknown host)", "--connect-timeout");
            assertThat(r.out()).as(cmd).doesNotContain("--secret=");
        }
    }

    @Test
    void noCommandPrintsUsageAndExits2() {
        Cli.Run r = new Cli().run();
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Usage: ingest");
    }

    @Test
    void unknownOptionsAreUsageErrorsWithoutStackTraces() {
        Cli.Run r = new Cli().run("publish", "--channel", "a", "--user", "u", "--nope");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Unknown option: '--nope'").doesNotContain("at io.csgate");
    }

    @Test
    void theSecretIsNotAnOption() {
        Cli.Run r = new Cli().run("publish", "--channel", "a", "--user", "u", "--secret", "x");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--secret");
    }

    @Test
    void versionIsPrinted() {
        Cli.Run r = new Cli().run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("csgate ingest ");
    }

    @Test
    void generatesABashCompletionScriptForEveryCommand() {
        Cli.Run r = new Cli().run("generate-completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F _complete_ingest", "publish", "send", "channel-config",
                "--bootstrap-servers");
    }
}
