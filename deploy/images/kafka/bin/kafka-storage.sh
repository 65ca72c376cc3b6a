#!/usr/bin/env bash
# Stand-in for Kafka's kafka-storage.sh (made by deploy/images/make-standins).
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
