/**
 * What every scenario command shares: the target and secret options
 * ({@link io.csgate.bench.cli.TargetOptions}), how subscribers are spread
 * ({@link io.csgate.bench.cli.FleetOptions}), and the run frame of
 * {@link io.csgate.bench.cli.ScenarioCommand} (validate, arm the deadline, run, print, map errors
 * to exit codes).
 */
package io.csgate.bench.cli;
