#!/usr/bin/env bash
# Stand-in for Kafka's kafka-server-start.sh: kafka-server-start.sh server.properties
set -euo pipefail
base="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 server.properties [--override property=value]..." >&2
  exit 1
fi
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base/config/log4j2.yaml}"
exec "$base/bin/kafka-run-class.sh" kafka.Kafka "$@"
