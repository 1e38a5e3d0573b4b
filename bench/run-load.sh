#!/usr/bin/env bash
# A simple load against a real node: starts bin/arcp-runtime's jar on a fresh data directory
# (H2 file journal), runs dev.arcpekko.bench.load.RuntimeLoad against it over WebSocket with the
# given options (e.g. --agent ticker --ticks 20 --sessions 8 --jobs 50, or --agent delegator for
# jobs that each delegate one echo child), prints jobs/s, events/s
# and latency, then stops the node. With --replay first (e.g. --replay --events 100000
# --subscribers 2) it runs dev.arcpekko.bench.load.ReplayLoad instead: late subscribers replaying a
# finished job's history. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
node_jar=cluster/target/arcp-cluster-0.1.0-SNAPSHOT.jar
bench_jar=bench/target/benchmarks.jar
if [ ! -f "$node_jar" ] || [ ! -f "$bench_jar" ]; then
  echo "run-load: building (mvn -q -B -DskipTests package)" >&2
  mvn -q -B -DskipTests package
fi
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ARCP_TOKENS="bench-token=bench" java ${NODE_JAVA_OPTS:-} -jar "$node_jar" --port "$port" --data-dir "$data/node" ${NODE_ARGS:-} \
  2>"$data/node.log" &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  grep -q "listening on" "$data/node.log" && break
  kill -0 $node_pid 2>/dev/null || { cat "$data/node.log" >&2; exit 1; }
  sleep 0.5
done
main=dev.arcpekko.bench.load.RuntimeLoad
if [ "${1:-}" = "--replay" ]; then
  main=dev.arcpekko.bench.load.ReplayLoad
  shift
fi
java -cp "$bench_jar" "$main" --url "ws://127.0.0.1:$port/arcp" --token bench-token "$@"
