#!/bin/sh
# Instructions executed, counted by callgrind: the A/B measure for one change on this machine, where
# wall and CPU times of the same binary vary by 10-20% from run to run and the counts do not.
#   scripts/bench/instructions.sh [--capture FILE] [--profile OUT] BINARY... [-- CMPDISSECT-ARGS]
# Each binary reads the capture on one thread (CMPDISSECT_THREADS=1) with deterministic hashing
# (SWIFT_DETERMINISTIC_HASHING=1: a random seed moves the count by about 0.2%), output to
# /dev/null; the line per binary is its instruction count. Without --capture a 10 MB mixed capture is generated once
# into .bench/ (cmpdissect-gen -s 10M --seed 3). --profile keeps the last binary's callgrind file,
# for `callgrind_annotate --inclusive=yes OUT | swift-demangle --simplified`.
# valgrind cannot read the debug information of a Swift release binary ("possibly corrupted
# debuginfo"), so each binary is run from a copy without it (its symbol table stays).
# valgrind's CPU has no ADX: BoringSSL's P-256 takes its portable path there, so signature
# verification counts for more than it costs on the real CPU (about 17% of the count, 10% of the time).
set -eu
cd "$(dirname "$0")/../.."
capture=""
profile=/dev/null
while [ $# -gt 0 ]; do
    case "$1" in
        --capture) capture=$2; shift 2 ;;
        --profile) profile=$2; shift 2 ;;
        *) break ;;
    esac
done
binaries=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do binaries="$binaries $1"; shift; done
[ $# -gt 0 ] && shift
[ -n "$binaries" ] || { echo "usage: $0 [--capture FILE] [--profile OUT] BINARY... [-- ARGS]" >&2; exit 64; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
if [ -z "$capture" ]; then
    capture=.bench/mixed-10M-s3.pcap
    mkdir -p .bench
    if [ ! -f "$capture" ]; then
        swift build -c release --product cmpdissect-gen >&2
        .build/release/cmpdissect-gen -o "$capture" -s 10M --seed 3 >&2
    fi
fi
copy=$(mktemp)
log=$(mktemp)
trap 'rm -f "$copy" "$log"' EXIT
for binary in $binaries; do
    strip --strip-debug -o "$copy" "$binary"
    SWIFT_DETERMINISTIC_HASHING=1 CMPDISSECT_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$profile" "$copy" "$@" "$capture" \
        >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
    printf '%-40s %s\n' "$binary" "$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log")"
done
