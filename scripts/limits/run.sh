#!/usr/bin/env bash
# The "limits that hold" check of issue 6: writes each crafted hostile input (make-inputs.py) to a
# temporary directory, runs the release cmpdissect on it under /usr/bin/time -v, and checks that it
#   - exits with the expected status (0: read to the end; 1: input refused, with the message on stderr),
#   - keeps peak RSS under 512 MiB (LIMIT_RSS_MIB),
#   - finishes within LIMIT_SECONDS (default 60) per input,
#   - reports the expected finding code in its -T jsonl output (or the expected text on stderr).
# Usage: scripts/limits/run.sh [--keep] [NAME-SUBSTRING…]   (CMPDISSECT=path overrides the binary)
# Run time on the 2-core development machine: about 1.5 minutes (writing the 1.2 GiB of inputs is most
# of it; the 1,000,000-flow capture takes 20 s of cmpdissect), with 1.3 GB of free space in TMPDIR.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
keep=0
[ "${1:-}" = "--keep" ] && { keep=1; shift; }
rss_limit_kib=$(( ${LIMIT_RSS_MIB:-512} * 1024 ))
seconds_limit=${LIMIT_SECONDS:-60}
if [ -z "${CMPDISSECT:-}" ]; then
    swift build -c release --product cmpdissect 2>&1 | tail -1
    CMPDISSECT="$root/.build/release/cmpdissect"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/cmpdissect-limits.XXXXXX")"
[ $keep = 1 ] || trap 'rm -rf "$work"' EXIT
python3 scripts/limits/make-inputs.py "$work" || exit 1

# Once, and without grep -q (which would make --help die of SIGPIPE under pipefail).
has_tree=0
"$CMPDISSECT" --help 2>&1 | grep -- ' -V' >/dev/null && has_tree=1
failures=0
known_failures=0
pending=()
printf '%-34s %6s %9s %8s  %s\n' input exit "rss(MiB)" "time(s)" "result"
while IFS=$'\t' read -r name options expect status description; do
    if [ $# -gt 0 ]; then
        match=0; for want in "$@"; do [[ "$name" == *"$want"* ]] && match=1; done
        [ $match = 1 ] || continue
    fi
    if [ "$options" != "-" ] && [[ " $options " == *" -V "* ]] && [ $has_tree = 0 ]; then
        printf '%-34s %6s %9s %8s  %s\n' "$name $options" - - - "skipped: this cmpdissect has no -V yet"
        continue
    fi
    args=(-T jsonl)
    if [ "$options" != "-" ]; then read -r -a extra <<<"$options"; args+=("${extra[@]}"); fi
    run="$name${options//[ -]/_}"
    /usr/bin/time -v -o "$work/$run.time" timeout -s KILL $((seconds_limit * 2)) \
        "$CMPDISSECT" "${args[@]}" "$work/$name" >"$work/$run.out" 2>"$work/$run.err"
    code=$?
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$run.time")
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$run.time" \
        | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    problems=()
    known=0
    if [[ "$expect" == known:* ]]; then known=1; expect="${expect#known:}"; fi
    pending_before=${#pending[@]}
    [ "$code" = "$status" ] || problems+=("exit $code, expected $status")
    [ "${rss:-0}" -lt "$rss_limit_kib" ] || problems+=("peak RSS over $((rss_limit_kib / 1024)) MiB")
    awk -v t="${elapsed:-0}" -v l="$seconds_limit" 'BEGIN { exit !(t <= l) }' || problems+=("slower than ${seconds_limit} s")
    case "$expect" in
        -) ;;
        unattached:*)
            # Reported apart from messages (DissectionReport.unattachedFindings, in-process checked by
            # LimitTests). A cmpdissect that prints nothing on stderr does not print that report yet.
            code_name="${expect#unattached:}"
            if ! grep -qF "$code_name" "$work/$run.out" "$work/$run.err"; then
                if [ -s "$work/$run.err" ]; then problems+=("no $code_name finding"); else pending+=("$name: $code_name"); fi
            fi ;;
        stderr:*) grep -qF "${expect#stderr:}" "$work/$run.err" || problems+=("stderr lacks '${expect#stderr:}'") ;;
        # On a message in the JSON lines, or among the findings no message carried (printed on stderr).
        *) grep -qF "\"code\":\"$expect\"" "$work/$run.out" || grep -qF "$expect" "$work/$run.err" \
               || problems+=("no $expect finding") ;;
    esac
    if [ ${#problems[@]} -eq 0 ]; then
        result="ok ($description)"
        [ ${#pending[@]} -gt "$pending_before" ] && result="ok, finding pending on the CLI ($description)"
    elif [ $known = 1 ]; then
        result="known failure: $(IFS=';'; echo "${problems[*]}") ($description)"; known_failures=$((known_failures + 1))
    else
        result="FAIL: $(IFS=';'; echo "${problems[*]}") ($description)"; failures=$((failures + 1))
        head -c 300 "$work/$run.err" | sed 's/^/    stderr: /'
    fi
    label="$name"; [ "$options" = "-" ] || label="$name $options"
    printf '%-34s %6s %9s %8s  %s\n' "$label" "$code" "$(( ${rss:-0} / 1024 ))" "${elapsed:-?}" "$result"
done <"$work/manifest.tsv"
[ $keep = 1 ] && echo "inputs and outputs kept in $work"
for item in "${pending[@]}"; do echo "pending (the CLI does not print unattached findings yet): $item"; done
echo "limits: $failures failing, $known_failures known failures, ${#pending[@]} pending"
[ $failures -eq 0 ]
