#!/usr/bin/env bash
# The hostile-input checks of issue 6, for CI (.ci/run may call it after scripts/test):
#   1. every libFuzzer harness for FUZZ_SECONDS (default 20) each, from the seed corpora;
#   2. the whole test suite under AddressSanitizer (scripts/test-asan.sh);
#   3. the crafted resource-limit inputs against the release build (scripts/limits/run.sh).
# Fails if a harness finds a crash, hang or blow-up, a test fails under ASan, or a limit does not hold.
# Set SKIP_FUZZ=1, SKIP_ASAN=1 or SKIP_LIMITS=1 to leave a part out.
# Run time on the 2-core development machine: about 11 minutes (fuzzing 4, ASan build and suite 4.5,
# limits 2).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${FUZZ_SECONDS:-20}"
failed=()
started=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - started )) s)"; }

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
    step "fuzzing, ${seconds} s per harness"
    scripts/fuzz.sh --build >/dev/null || failed+=("fuzz build")
    for harness in $(scripts/fuzz.sh --list); do
        scripts/fuzz.sh "$harness" "$seconds" | tail -1 || failed+=("fuzz $harness")
    done
fi
if [ "${SKIP_ASAN:-0}" != 1 ]; then
    step "test suite under AddressSanitizer"
    mkdir -p fuzz-out
    scripts/test-asan.sh >fuzz-out/asan.log 2>&1 || failed+=("asan tests")
    grep -E "error:|failed \(|Executed [0-9]+ tests" fuzz-out/asan.log | tail -8   # the whole log: fuzz-out/asan.log
fi
if [ "${SKIP_LIMITS:-0}" != 1 ]; then
    step "resource limits"
    scripts/limits/run.sh || failed+=("limits")
fi
step "done"
if [ ${#failed[@]} -gt 0 ]; then
    echo "ci-extras: FAILED: ${failed[*]}"
    exit 1
fi
echo "ci-extras: all passed"
