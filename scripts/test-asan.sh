#!/usr/bin/env bash
# The whole test suite under AddressSanitizer: `swift test -Xswiftc -sanitize=address`, in its own
# scratch directory (.build-asan) so the ordinary debug build is not rebuilt with other flags.
# Extra arguments go to `swift test` (e.g. --filter RobustnessTests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/ensure-deps.sh"
scratch="$root/.build-asan"
if [ ! -d "$scratch/checkouts" ] && [ -d "$root/.build/checkouts" ]; then
    # No network needed: reuse the package checkouts of the main build directory.
    mkdir -p "$scratch"
    cp -r "$root/.build/checkouts" "$root/.build/repositories" "$root/.build/workspace-state.json" "$scratch/"
fi
# Leak checking is off: the Swift runtime's metadata caches are reported as leaks by LSan.
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
exec swift test --scratch-path "$scratch" --disable-automatic-resolution -Xswiftc -sanitize=address "$@"
