#!/usr/bin/env bash
# Builds and runs one libFuzzer harness (Fuzz/Harnesses/NAME.swift) against the pipeline's stages.
#
#   scripts/fuzz.sh HARNESS SECONDS [libFuzzer args…]   build, seed, fuzz for SECONDS
#   scripts/fuzz.sh --build HARNESS…                    build only
#   scripts/fuzz.sh --list                              the harnesses
#   scripts/fuzz.sh --replay HARNESS FILE…              run the harness once on each FILE (a crash reproducer)
#
# The library targets are built once with `-sanitize=fuzzer,address` (coverage instrumentation plus
# ASan) in their own scratch directory, .build-fuzz, so the ordinary debug/release builds are not
# disturbed; each harness is then compiled with swiftc and linked against those objects (Package.swift
# has no fuzz targets: libFuzzer brings its own `main`). Seeds come from Fixtures (Fuzz/make-corpus.py);
# the growing corpus lives in .build-fuzz/corpus/HARNESS, crashes and hangs go to fuzz-out/HARNESS/.
# The last line printed is a machine-readable summary:  fuzz HARNESS execs=N cov=C ft=F crashes=K.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="$root/.build-fuzz"
bin="$scratch/fuzzers"
harnesses=(capture packet reassembly http tcpmsg der pem)
[ -f Fuzz/Harnesses/filter.swift ] && harnesses+=(filter)

die() { echo "fuzz.sh: $*" >&2; exit 64; }

prepare_scratch() {
    # A separate scratch path needs the package checkouts; copy them from the main .build (no network).
    if [ ! -d "$scratch/checkouts" ]; then
        [ -d "$root/.build/checkouts" ] || swift package resolve
        mkdir -p "$scratch"
        cp -r "$root/.build/checkouts" "$root/.build/repositories" "$root/.build/workspace-state.json" "$scratch/"
    fi
}

build_libraries() {
    prepare_scratch
    local target
    for target in CMPPipeline CMPOutput; do
        swift build --scratch-path "$scratch" --disable-automatic-resolution -c debug \
            -Xswiftc -sanitize=fuzzer,address --target "$target" 2>&1 | grep -E "error|warning: unre|Compiling|complete" | tail -3
    done
}

build_harness() {
    local name="$1" out="$bin/$1"
    [ -f "Fuzz/Harnesses/$name.swift" ] || die "no harness '$name' (have: ${harnesses[*]})"
    local build="$scratch/x86_64-unknown-linux-gnu/debug"
    mkdir -p "$bin"
    local objects="$bin/objects.list"
    # Every library object of the build, not the executables, tests or the argument parser.
    find "$build" -name '*.o' -path '*.build/*' \
        | grep -Ev '/(cmpdissect|cmpdissect_gen|[A-Za-z]*Tests|cmpdissectPackage[A-Za-z]*|ArgumentParser[A-Za-z]*|generate_[a-z_]*|CMPTestSupport)(-tool)?\.build/' \
        | sed 's/.*/"&"/' > "$objects"
    local mm=() module
    for module in "$root/Sources/CPcap/module.modulemap" \
        "$scratch"/checkouts/swift-crypto/Sources/{CXKCPShims,CXKCP,CCryptoBoringSSLShims,CCryptoBoringSSL}/include/module.modulemap; do
        [ -f "$module" ] && mm+=(-Xcc "-fmodule-map-file=$module" -Xcc -I -Xcc "$(dirname "$module")")
    done
    swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -g -Onone \
        -module-name "fuzz_$name" -I "$build/Modules" -module-cache-path "$build/ModuleCache" "${mm[@]}" \
        "Fuzz/Harnesses/$name.swift" Fuzz/Support/*.swift @"$objects" \
        -L/usr/lib/x86_64-linux-gnu -lpcap -lstdc++ -o "$out" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$out" ] || die "building $name failed"
}

seed() {
    local name="$1"
    local seeds="$scratch/seeds/$name"
    if [ ! -d "$seeds" ] || [ Fuzz/make-corpus.py -nt "$seeds" ]; then
        rm -rf "$seeds"
        python3 Fuzz/make-corpus.py "$name" "$seeds"
    fi
}

case "${1:-}" in
    --list) printf '%s\n' "${harnesses[@]}"; exit 0 ;;
    --build)
        shift; build_libraries
        for name in "${@:-${harnesses[@]}}"; do build_harness "$name"; done
        exit 0 ;;
    --replay)
        [ $# -ge 3 ] || die "usage: scripts/fuzz.sh --replay HARNESS FILE…"
        name="$2"; shift 2
        build_libraries; build_harness "$name"
        SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" exec "$bin/$name" -runs=1 "$@" ;;
    ""|-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
esac

[ $# -ge 2 ] || die "usage: scripts/fuzz.sh HARNESS SECONDS [libFuzzer args…]"
name="$1"; seconds="$2"; shift 2
build_libraries
build_harness "$name"
seed "$name"
corpus="$scratch/corpus/$name"
artifacts="$root/fuzz-out/$name"
mkdir -p "$corpus" "$artifacts"
log="$artifacts/last-run.log"
# -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a blow-up (the pipeline's bound is 512 MiB,
# ASan's shadow memory and the fuzzer's corpus come on top).
set +e
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$bin/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$corpus" "$scratch/seeds/$name" >"$log" 2>&1
status=$?
set -e
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
crashes=$(find "$artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
tail -n 25 "$log" | grep -Ev '^(MS:|#[0-9]+\s+(NEW|REDUCE|pulse))' | tail -n 12
echo "fuzz $name seconds=$seconds execs=${execs:-0} cov=$(echo "$cov" | awk '{print $2}') ft=$(echo "$cov" | awk '{print $4}') crashes=$crashes status=$status"
exit $status
