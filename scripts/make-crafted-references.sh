#!/usr/bin/env bash
# Regenerates Fixtures/crafted: the crafted captures (built by the test suite's CraftedCaptures,
# deterministic) and tshark's decoding of each beside it (`apt-get install tshark` first).
#   bash scripts/make-crafted-references.sh
set -eu
REPO="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$REPO/Fixtures/crafted"
cd "$REPO"
CMPDISSECT_UPDATE_GOLDENS=1 swift test --filter CraftedCaptureTests/testCommittedCraftedCapturesMatchTheBuilder >/dev/null
decode_as() {
    case "$1" in
        http-odd-port-100-continue) echo "-d tcp.port==4711,http" ;;
        *) echo "" ;;
    esac
}
# shellcheck source=fixtures/tshark-refs.sh
source "$REPO/scripts/fixtures/tshark-refs.sh"
for f in "$OUT"/*.pcap; do
    tshark_refs "$(basename "$f" .pcap)"
done
echo "tshark references written to $OUT" >&2
