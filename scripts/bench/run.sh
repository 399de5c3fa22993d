#!/bin/sh
# Benchmark cmpdissect side by side with tshark and the libpcap floor (issue 7).
#   scripts/bench/run.sh [--sizes 100M,1G] [--repeats 3] [--seed 1] [--no-tshark] [--no-count] [--no-ceiling] [--micro SIZE|0]
# Builds the release binaries and the floor program, generates the captures into .bench/ (once per
# size and seed; delete them to regenerate), runs every reader alternating, prints a Markdown table
# and leaves it in .bench/results.md (raw runs appended to .bench/runs.tsv).
set -eu
cd "$(dirname "$0")/../.."
mkdir -p .bench
if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
    swift build -c release --product cmpdissect >&2
    swift build -c release --product cmpdissect-gen >&2
fi
cc -O2 -o .bench/pcap-floor scripts/bench/pcap_floor.c -lpcap
exec python3 scripts/bench/bench.py "$@"
