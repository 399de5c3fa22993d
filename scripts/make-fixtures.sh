#!/usr/bin/env bash
# make-fixtures.sh: regenerate the real-traffic CMP captures in Fixtures/captures/.
#
# Run as root (tcpdump needs it):   sudo bash scripts/make-fixtures.sh [SCENARIO...]
#
# Every capture is real traffic between the OpenSSL 3.0 `openssl cmp` client and its mock
# server (`openssl cmp -port N`), strictly on loopback. The TCP-Messaging captures put
# scripts/tcpmsg_relay.py between them (openssl only speaks HTTP). Beside each capture the
# script stores tshark's decoding (<name>.tshark.txt, <name>.tshark.tsv) as the independent
# reference. A throwaway test PKI is made fresh in a temp dir on every run, so the bytes
# (keys, nonces, times) differ between runs; names, ports and message sequences do not.
#
# With no arguments every scenario is made; otherwise only the named ones.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$REPO/Fixtures/captures"
RELAY="$REPO/scripts/tcpmsg_relay.py"
WORK=$(mktemp -d /tmp/cmp-fixtures.XXXXXX)
export OPENSSL_CONF=/dev/null   # no site config: every option is on the command line
SECRET="pass:cmpdissect-test-secret"
PIDS=()

log() { printf '== %s\n' "$*" >&2; }

cleanup() {
    local p
    for p in "${PIDS[@]:-}"; do
        [ -n "$p" ] && kill "$p" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

for tool in openssl tcpdump tshark editcap capinfos python3 ss; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y openssl tcpdump tshark iproute2)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "run as root (tcpdump needs it)" >&2; exit 1; }
mkdir -p "$OUT"

# ---------------------------------------------------------------- test PKI (EC P-256)
make_pki() {
    cd "$WORK" || exit 1
    cat > ext.cnf <<'EOF'
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier=hash
[srv]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[ee]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
    local k
    for k in ca srv client newkey; do
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$k.key" 2>/dev/null
    done
    openssl req -new -x509 -key ca.key -subj "/CN=cmpdissect Test CA" -days 3650 -set_serial 1 \
        -config ext.cnf -extensions ca -out ca.crt
    openssl req -new -key srv.key -subj "/CN=cmpdissect Mock Server" -config /dev/null -out srv.csr
    openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -set_serial 2 -days 3650 \
        -extfile ext.cnf -extensions srv -out srv.crt 2>/dev/null
    openssl req -new -key client.key -subj "/CN=cmpdissect Client" -config /dev/null -out client.csr
    openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -set_serial 3 -days 3650 \
        -extfile ext.cnf -extensions ee -out client.crt 2>/dev/null
    # the key-update / p10cr target: same subject, new key
    openssl req -new -key newkey.key -subj "/CN=cmpdissect Client" -config /dev/null -out newkey.csr
    openssl x509 -req -in newkey.csr -CA ca.crt -CAkey ca.key -set_serial 4 -days 3650 \
        -extfile ext.cnf -extensions ee -out newkey.crt 2>/dev/null
    # 32 filler certificates to push one response past 10000 bytes (tcpmsg-large)
    local i
    : > filler.pem
    for i in $(seq -w 1 32); do
        openssl req -new -x509 -key newkey.key -subj "/CN=cmpdissect Filler $i" -days 3650 \
            -set_serial "$((100 + 10#$i))" -config ext.cnf -extensions ee -out "filler$i.crt" 2>/dev/null
        cat "filler$i.crt" >> filler.pem
    done
    cd - >/dev/null || exit 1
}

# ---------------------------------------------------------------- process helpers
wait_listen() {  # PORT: wait until something listens on the TCP port
    local i
    for i in $(seq 1 100); do
        ss -Hltn "sport = :$1" | grep -q . && return 0
        sleep 0.05
    done
    echo "nothing listens on port $1" >&2
    return 1
}

# start_bg NAME CMD...: start a background process, log to $WORK/NAME.log, remember its pid in BG
start_bg() {
    local name=$1; shift
    "$@" >"$WORK/$name.log" 2>&1 &
    BG=$!
    PIDS+=("$BG")
}

forget_pid() {  # PID: drop a reaped pid, so that cleanup never signals a reused pid
    local p keep=()
    for p in "${PIDS[@]:-}"; do
        [ -n "$p" ] && [ "$p" != "$1" ] && keep+=("$p")
    done
    PIDS=("${keep[@]:-}")
}

stop_bg() {  # PID: stop a process this script started, and reap it
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    forget_pid "$1"
    return 0
}

# mock_srv NAME PORT ARGS...: the OpenSSL mock server; sets SRV to its pid
mock_srv() {
    local name=$1 port=$2; shift 2
    start_bg "srv-$name" openssl cmp -config "" -port "$port" \
        -srv_cert "$WORK/srv.crt" -srv_key "$WORK/srv.key" -srv_trusted "$WORK/ca.crt" "$@"
    SRV=$BG
    wait_listen "$port"
}

# capture_start NAME FILTER [TCPDUMP-ARGS...]: tcpdump on lo (or -i given in args) to NAME.pcap
capture_start() {
    local name=$1 filter=$2; shift 2
    local iface=(-i lo)
    if [ "${1:-}" = "-i" ]; then iface=(-i "$2"); shift 2; fi
    rm -f "$OUT/$name.pcap" "$WORK/$name.raw"
    CAPFILE="$WORK/$name.raw"
    # -U: packet-buffered output; --immediate-mode: no TPACKET_V3 block timeout, so nothing
    # stays in the kernel ring when we stop it; -Z root: keep writing as root.
    tcpdump "${iface[@]}" -U --immediate-mode -Z root -s 0 "$@" -w "$CAPFILE" "$filter" \
        2>"$WORK/tcpdump-$name.log" &
    TCPDUMP=$!
    PIDS+=("$TCPDUMP")
    local i
    for i in $(seq 1 100); do
        grep -qs "listening on" "$WORK/tcpdump-$name.log" && break
        sleep 0.05
    done
    sleep 0.3
}

capture_stop() {  # NAME: flush, stop tcpdump with SIGINT, move the file into place
    local name=$1
    sleep 1
    kill -INT "$TCPDUMP"
    wait "$TCPDUMP" 2>/dev/null
    forget_pid "$TCPDUMP"
    sed 's/^/   tcpdump: /' "$WORK/tcpdump-$name.log" | grep -v "listening on" >&2
    mv "$CAPFILE" "$OUT/$name.pcap"
    chmod 644 "$OUT/$name.pcap"
}

# client NAME ARGS...: run the openssl client; its failure is expected in some scenarios
NCLIENT=0
client() {
    local name=$1; shift
    NCLIENT=$((NCLIENT + 1))
    local lg="$WORK/client-$name-$NCLIENT.log"
    openssl cmp -config "" -batch -certout "$WORK/cert-$name-$NCLIENT.pem" "$@" >"$lg" 2>&1
    local rc=$?
    printf '   client exit %d: %s\n' "$rc" "$(grep -E 'CMP (info: (sending|received)|error)' "$lg" | sed 's/.*CMP //' | tr '\n' ';' | cut -c1-300)" >&2
    return 0
}

# ---------------------------------------------------------------- common client options
PBM=()
pbm_client() {  # HOSTPORT: MAC-protected client talking HTTP to HOSTPORT; sets PBM
    PBM=(-server "$1" -path pkix/ -ref client-ref -secret "$SECRET"
        -recipient "/CN=cmpdissect Test CA")
}
SIG_CLIENT_CREDS=()
sig_client() {  # HOSTPORT: signature-protected client
    SIG_CLIENT_CREDS=(-server "$1" -path pkix/ -cert "$WORK/client.crt" -key "$WORK/client.key"
        -trusted "$WORK/ca.crt" -recipient "/CN=cmpdissect Test CA")
}

# a mock server that answers MAC-protected (it prefers the secret when it has one)
PBM_SRV=(-srv_ref srv-ref -srv_secret "$SECRET" -rsp_cert "$WORK/client.crt")
# a mock server that answers signature-protected
SIG_SRV=(-rsp_cert "$WORK/client.crt" -rsp_extracerts "$WORK/ca.crt")

# ---------------------------------------------------------------- HTTP scenarios
# scenario NAME PORT SERVER-ARGS -- CLIENT-ARGS: one server, one client run, one capture
scenario_http() {
    local name=$1 port=$2; shift 2
    local srvargs=() cliargs=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do srvargs+=("$1"); shift; done
    shift
    cliargs=("$@")
    log "$name (http, port $port)"
    mock_srv "$name" "$port" "${srvargs[@]}"
    capture_start "$name" "tcp port $port"
    client "$name" "${cliargs[@]}"
    capture_stop "$name"
    stop_bg "$SRV"
}

sc_ir_pbm() {
    pbm_client 127.0.0.1:18001
    scenario_http ir-pbm 18001 "${PBM_SRV[@]}" -rsp_capubs "$WORK/ca.crt" -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_ir_sig() {
    sig_client 127.0.0.1:18002
    scenario_http ir-sig 18002 "${SIG_SRV[@]}" -rsp_capubs "$WORK/ca.crt" -- \
        "${SIG_CLIENT_CREDS[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_cr() {
    sig_client 127.0.0.1:18003
    scenario_http cr 18003 "${SIG_SRV[@]}" -- \
        "${SIG_CLIENT_CREDS[@]}" -cmd cr -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_kur() {
    sig_client 127.0.0.1:18004
    # The 3.0 mock server checks the kur's oldCertId against its -rsp_cert (else "wrong certid"),
    # so it can only hand back the old certificate, and the client checks that the new cert's key
    # is its -newkey: so this kur "updates" to the same key.
    scenario_http kur 18004 "${SIG_SRV[@]}" -- \
        "${SIG_CLIENT_CREDS[@]}" -cmd kur -newkey "$WORK/client.key"
}
sc_p10cr() {
    sig_client 127.0.0.1:18005
    scenario_http p10cr 18005 -rsp_cert "$WORK/newkey.crt" -- \
        "${SIG_CLIENT_CREDS[@]}" -cmd p10cr -csr "$WORK/newkey.csr" -newkey "$WORK/newkey.key"
}
sc_rr() {
    sig_client 127.0.0.1:18006
    scenario_http rr 18006 "${SIG_SRV[@]}" -- \
        "${SIG_CLIENT_CREDS[@]}" -cmd rr -oldcert "$WORK/client.crt" -revreason 4
}
sc_genm() {
    sig_client 127.0.0.1:18007
    scenario_http genm 18007 "${SIG_SRV[@]}" -- \
        "${SIG_CLIENT_CREDS[@]}" -cmd genm -infotype signKeyPairTypes
}
sc_implicit_confirm() {
    pbm_client 127.0.0.1:18008
    scenario_http implicit-confirm 18008 "${PBM_SRV[@]}" -grant_implicitconf -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client" \
        -implicit_confirm
}
sc_polling() {
    pbm_client 127.0.0.1:18009
    scenario_http polling 18009 "${PBM_SRV[@]}" -poll_count 2 -check_after 1 -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_rejection() {
    pbm_client 127.0.0.1:18010
    # PKIStatus 2 = rejection, failInfo bit 9 = badPOP (2^9 = 512)
    scenario_http rejection 18010 "${PBM_SRV[@]}" -pkistatus 2 -failurebits 512 \
        -statusstring "test rejection: bad POP" -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_error() {
    pbm_client 127.0.0.1:18011
    scenario_http error 18011 "${PBM_SRV[@]}" -send_error -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_unprotected_error() {
    pbm_client 127.0.0.1:18012
    scenario_http unprotected-error 18012 "${PBM_SRV[@]}" -send_error -send_unprot_err -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client" \
        -unprotected_errors
}
sc_ipv6() {
    # the mock server listens on [::] (dual stack); the client goes to [::1]
    scenario_http ipv6 18013 "${PBM_SRV[@]}" -- \
        -server "[::1]:18013" -path pkix/ -ref client-ref -secret "$SECRET" \
        -recipient "/CN=cmpdissect Test CA" -cmd ir -newkey "$WORK/client.key" \
        -subject "/CN=cmpdissect Client"
}
sc_several_tx() {
    local port=18014
    log "several-tx (http, port $port)"
    sig_client "127.0.0.1:$port"
    mock_srv several-tx "$port" "${SIG_SRV[@]}"
    capture_start several-tx "tcp port $port"
    # ir twice (-repeat 2) with persistent connections required, then genm, then rr
    client several-tx "${SIG_CLIENT_CREDS[@]}" -keep_alive 2 -cmd ir -repeat 2 \
        -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
    client several-tx "${SIG_CLIENT_CREDS[@]}" -cmd genm -infotype signKeyPairTypes
    client several-tx "${SIG_CLIENT_CREDS[@]}" -cmd rr -oldcert "$WORK/client.crt"
    capture_stop several-tx
    stop_bg "$SRV"
}
sc_any_sll2() {
    pbm_client 127.0.0.1:18015
    local port=18015
    log "any-sll2 (http, port $port, -i any -y LINUX_SLL2)"
    mock_srv any-sll2 "$port" "${PBM_SRV[@]}"
    capture_start any-sll2 "tcp port $port" -i any -y LINUX_SLL2
    client any-sll2 "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
    capture_stop any-sll2
    stop_bg "$SRV"
}
sc_pcapng() {
    pbm_client 127.0.0.1:18016
    local port=18016
    log "pcapng (http, port $port, nanosecond timestamps, converted to pcapng)"
    mock_srv pcapng "$port" "${PBM_SRV[@]}"
    capture_start pcapng-nano "tcp port $port" --time-stamp-precision=nano
    client pcapng "${PBM[@]}" -cmd genm
    capture_stop pcapng-nano
    stop_bg "$SRV"
    # tcpdump 4.99 writes only pcap (nanosecond magic a1b23c4d); editcap makes it pcapng
    editcap -F pcapng "$OUT/pcapng-nano.pcap" "$OUT/pcapng.pcapng"
    rm -f "$OUT/pcapng-nano.pcap"
    chmod 644 "$OUT/pcapng.pcapng"
}

# Scenarios for the analysis findings the mock server (or client) can produce on purpose.
sc_unprotected_responses() {
    pbm_client 127.0.0.1:18017
    # -send_unprotected: the ip has no protection; the client refuses it and sends no certConf
    scenario_http unprotected-responses 18017 "${PBM_SRV[@]}" -send_unprotected -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_disable_confirm() {
    pbm_client 127.0.0.1:18018
    # the client takes the certificate without certConf (and without implicitConfirm)
    scenario_http disable-confirm 18018 "${PBM_SRV[@]}" -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client" -disable_confirm
}
sc_check_after_zero() {
    pbm_client 127.0.0.1:18019
    # ip waiting, one pollRep with checkAfter 0 (busy polling), then the ip with the cert
    scenario_http check-after-zero 18019 "${PBM_SRV[@]}" -poll_count 2 -check_after 0 -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}
sc_granted_with_mods() {
    pbm_client 127.0.0.1:18020
    # PKIStatus 1 = grantedWithMods
    scenario_http granted-with-mods 18020 "${PBM_SRV[@]}" -pkistatus 1 -- \
        "${PBM[@]}" -cmd ir -newkey "$WORK/client.key" -subject "/CN=cmpdissect Client"
}

# ---------------------------------------------------------------- TCP-Messaging scenarios
# The openssl client talks HTTP to the front relay (127.0.0.1:HTTPPORT), which speaks
# TCP-Messaging to the back relay (the captured leg), which POSTs to the mock server.
# tcpmsg NAME TCPPORT HTTPPORT SRVPORT BACK-ARGS -- FRONT-ARGS -- CLIENT-ARGS
scenario_tcpmsg() {
    local name=$1 tport=$2 hport=$3 sport=$4; shift 4
    local backargs=() frontargs=()
    while [ "$1" != "--" ]; do backargs+=("$1"); shift; done; shift
    while [ "$1" != "--" ]; do frontargs+=("$1"); shift; done; shift
    log "$name (tcpmsg, port $tport)"
    mock_srv "$name" "$sport" "${PBM_SRV[@]}"
    start_bg "back-$name" python3 "$RELAY" back --listen "$tport" \
        --upstream "http://127.0.0.1:$sport/pkix/" "${backargs[@]}"
    local back=$BG
    wait_listen "$tport"
    start_bg "front-$name" python3 "$RELAY" front --listen "$hport" \
        --connect "127.0.0.1:$tport" "${frontargs[@]}"
    local front=$BG
    wait_listen "$hport"
    capture_start "$name" "tcp port $tport"
    client "$name" "$@"
    capture_stop "$name"
    stop_bg "$front"; stop_bg "$back"; stop_bg "$SRV"
    sed 's/^/   relay: /' "$WORK/back-$name.log" "$WORK/front-$name.log" >&2
}
IRVIA=()
ir_via() {  # HTTPPORT: client args for an MAC-protected ir through the front relay; sets IRVIA
    IRVIA=(-server "127.0.0.1:$1" -path pkix/ -ref client-ref -secret "$SECRET"
        -recipient "/CN=cmpdissect Test CA" -cmd ir -newkey "$WORK/client.key"
        -subject "/CN=cmpdissect Client")
}
sc_tcpmsg_rfc2510() {
    ir_via 18101
    scenario_tcpmsg tcpmsg-rfc2510 829 18101 18201 -- --framing rfc2510 -- "${IRVIA[@]}"
}
sc_tcpmsg_v10() {
    ir_via 18102
    scenario_tcpmsg tcpmsg-v10 829 18102 18202 -- --framing v10 -- "${IRVIA[@]}"
}
sc_tcpmsg_small_segments() {
    ir_via 18103
    scenario_tcpmsg tcpmsg-small-segments 829 18103 18203 --write-size 5 -- \
        --framing v10 --write-size 5 -- "${IRVIA[@]}"
}
sc_tcpmsg_multi_pdu() {
    ir_via 18104
    scenario_tcpmsg tcpmsg-multi-pdu 829 18104 18204 --coalesce-pollrep -- \
        --framing rfc2510 -- "${IRVIA[@]}"
}
sc_tcpmsg_odd_port() {
    ir_via 18105
    scenario_tcpmsg tcpmsg-odd-port 18290 18105 18205 -- --framing v10 -- "${IRVIA[@]}"
}
sc_tcpmsg_large() {
    # the ip carries 32 filler certs in extraCerts: one finalMsgRep PDU > 10000 bytes
    ir_via 18108
    PBM_SRV_SAVED=("${PBM_SRV[@]}")
    PBM_SRV+=(-rsp_extracerts "$WORK/filler.pem")
    scenario_tcpmsg tcpmsg-large 829 18108 18208 -- --framing rfc2510 -- "${IRVIA[@]}"
    PBM_SRV=("${PBM_SRV_SAVED[@]}")
}
sc_tcpmsg_control() {
    # one back relay on 829 that polls (pollRep first, the answer on pollReq);
    # connection 1: RFC 2510 framing; connection 2: v10 framing plus two extra pollReqs
    # (the finished reference gets finRep 00, an unknown one gets errorMsgRep)
    local name=tcpmsg-control tport=829 sport=18206
    log "$name (tcpmsg, port $tport)"
    mock_srv "$name" "$sport" "${PBM_SRV[@]}"
    start_bg "back-$name" python3 "$RELAY" back --listen "$tport" \
        --upstream "http://127.0.0.1:$sport/pkix/" --poll 1
    local back=$BG
    wait_listen "$tport"
    start_bg "front1-$name" python3 "$RELAY" front --listen 18106 --connect "127.0.0.1:$tport" \
        --framing rfc2510
    local f1=$BG
    start_bg "front2-$name" python3 "$RELAY" front --listen 18107 --connect "127.0.0.1:$tport" \
        --framing v10 --extra-pollreqs
    local f2=$BG
    wait_listen 18106; wait_listen 18107
    capture_start "$name" "tcp port $tport"
    ir_via 18106; client "$name" "${IRVIA[@]}"
    ir_via 18107; client "$name" "${IRVIA[@]}"
    capture_stop "$name"
    stop_bg "$f1"; stop_bg "$f2"; stop_bg "$back"; stop_bg "$SRV"
    sed 's/^/   relay: /' "$WORK/back-$name.log" "$WORK/front1-$name.log" "$WORK/front2-$name.log" >&2
}

ALL=(ir-pbm ir-sig cr kur p10cr rr genm implicit-confirm polling rejection error
     unprotected-error ipv6 several-tx any-sll2 pcapng
     tcpmsg-rfc2510 tcpmsg-v10 tcpmsg-small-segments tcpmsg-multi-pdu tcpmsg-odd-port tcpmsg-control
     tcpmsg-large unprotected-responses disable-confirm check-after-zero granted-with-mods)

# ---------------------------------------------------------------- tshark references
# decode-as for captures whose port tshark does not know (TCP-Messaging off 829)
decode_as() {
    case "$1" in
        tcpmsg-odd-port) echo "-d tcp.port==18290,cmp" ;;
        *) echo "" ;;
    esac
}
# TSV_FIELDS and tshark_refs NAME live in scripts/fixtures/tshark-refs.sh (shared with the crafted captures).
# shellcheck source=fixtures/tshark-refs.sh
source "$REPO/scripts/fixtures/tshark-refs.sh"

main() {
    make_pki
    local want=("$@")
    [ ${#want[@]} -gt 0 ] || want=("${ALL[@]}")
    local s
    for s in "${want[@]}"; do
        "sc_${s//-/_}"
    done
    for s in "${want[@]}"; do
        tshark_refs "$s"
    done
    log "checking manifest.tsv against tshark's decoding"
    python3 "$REPO/scripts/fixtures/check_manifest.py" "$OUT" >&2 || log "MANIFEST MISMATCH (see above)"
    log "done: $OUT"
}
main "$@"
