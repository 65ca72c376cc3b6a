#!/usr/bin/env bash
# Stand-in for Kafka's kafka-run-class.sh: runs a class of /opt/kafka/libs with the usual
# KAFKA_* JVM variables (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_LOG4J_OPTS,
# KAFKA_JMX_OPTS, KAFKA_OPTS). Made by deploy/images/make-standins.
set -euo pipefail
base="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 CLASS [ARGS...]" >&2
  exit 1
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
heap="${KAFKA_HEAP_OPTS:--Xmx256M}"
perf="${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
if [ -z "${KAFKA_LOG4J_OPTS:-}" ]; then
  tools_log="$base/config/tools-log4j2.yaml"
  [ -f "$tools_log" ] || tools_log=/etc/kafka/docker/tools-log4j2.yaml
  KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$tools_log"
fi
jmx="${KAFKA_JMX_OPTS:-}"
if [ -n "${JMX_PORT:-}" ]; then
  jmx="$jmx -Dcom.sun.management.jmxremote.port=$JMX_PORT"
fi
# shellcheck disable=SC2086 # the option variables hold several words each
exec "$java" $heap $perf $jmx $KAFKA_LOG4J_OPTS ${KAFKA_OPTS:-} -cp "$base/libs/*" "$@"
