#!/usr/bin/env bash
# Regenerates Fixtures/messages: real PKIMessages written by OpenSSL's `openssl cmp` client talking
# to OpenSSL's own mock CMP server on 127.0.0.1, plus `openssl asn1parse -i` of each as the
# independent decoding the CMPMessages tests compare against.
#
# Usage: scripts/make-message-fixtures.sh   (needs openssl 3.x with the cmp app; writes only
# Fixtures/messages). Keys and certificates are throwaway and generated on every run, so the
# messages differ between runs (nonces, transactionIDs, signatures); the tests read the expected
# values from the .asn1parse.txt files written beside them, so a rerun keeps the tests valid.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT="$PWD/Fixtures/messages"
WORK="$(mktemp -d)"
SERVER_PIDS=()
cleanup() {
    for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$OUT"
# The pyasn1 references go too: PyASN1ReferenceTests names each missing one until
# scripts/make-pyasn1-references.py has been rerun.
rm -f "$OUT"/*.der "$OUT"/*.asn1parse.txt "$OUT"/*.pem "$OUT"/*.b64 "$OUT"/*.pyasn1.json
cd "$WORK"

openssl version >&2
SECRET=pass:fixture-secret

# Throwaway PKI: a CA that also signs as the mock server, a client signer, a key to certify, and
# the certificate the mock server hands out.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
    -days 3650 -subj "/O=Example/CN=Mock CA" \
    -addext "keyUsage=critical,digitalSignature,keyCertSign,cRLSign" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.crt \
    -days 3650 -subj "/O=Example/CN=client" -addext "keyUsage=critical,digitalSignature" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out new.key 2>/dev/null
openssl req -new -key new.key -subj "/O=Example/CN=enrolled" -out new.csr 2>/dev/null
openssl x509 -req -in new.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -out rsp.crt 2>/dev/null

start_server() { # port, extra args...
    local port=$1; shift
    openssl cmp -port "$port" -rsp_cert rsp.crt "$@" >"server-$port.log" 2>&1 &
    SERVER_PIDS+=($!)
    for _ in $(seq 50); do
        if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "mock server on port $port did not start" >&2; cat "server-$port.log" >&2; exit 1
}

client() { # port, reqout list, rspout list, args...
    local port=$1 req=$2 rsp=$3; shift 3
    openssl cmp -server "127.0.0.1:$port" -path pkix/ -reqout "$req" -rspout "$rsp" \
        -newkey new.key -subject "/O=Example/CN=enrolled" -msg_timeout 20 -certout enrolled.crt "$@" \
        >"client-$port.log" 2>&1 || { echo "(client on port $port exited non-zero; expected for rejections):" >&2; grep -v "CMP info" "client-$port.log" | head -5 >&2; }
}

PBM_CLIENT=(-secret "$SECRET" -ref client-ref -recipient "/O=Example/CN=Mock CA")
SIG_CLIENT=(-cert client.crt -key client.key -srvcert ca.crt)

# 1. MAC (PasswordBasedMac) protected transactions.
start_server 18401 -srv_secret "$SECRET" -srv_ref server-ref
client 18401 ir-pbm.der,certConf-pbm.der ip-pbm.der,pkiconf-pbm.der -cmd ir "${PBM_CLIENT[@]}"
client 18401 cr-pbm.der,certConf-cr-pbm.der cp-pbm.der,pkiconf-cr-pbm.der -cmd cr "${PBM_CLIENT[@]}"
client 18401 p10cr-pbm.der,certConf-p10cr-pbm.der cp-p10cr-pbm.der,pkiconf-p10cr-pbm.der \
    -cmd p10cr -csr new.csr "${PBM_CLIENT[@]}"
client 18401 rr-pbm.der rp-pbm.der -cmd rr -oldcert rsp.crt "${PBM_CLIENT[@]}"
client 18401 genm-pbm.der genp-pbm.der -cmd genm -infotype signKeyPairTypes "${PBM_CLIENT[@]}"

# 2. Signature protected transactions.
start_server 18402 -srv_cert ca.crt -srv_key ca.key -srv_trusted client.crt,ca.crt
client 18402 ir-sig.der,certConf-sig.der ip-sig.der,pkiconf-sig.der -cmd ir "${SIG_CLIENT[@]}"
client 18402 kur-sig.der,certConf-kur-sig.der kup-sig.der,pkiconf-kur-sig.der \
    -cmd kur -oldcert rsp.crt -cert rsp.crt -key new.key -srvcert ca.crt

# 3. Polling: the first answer says "waiting", then pollReq/pollRep until the certificate comes.
start_server 18403 -srv_secret "$SECRET" -srv_ref server-ref -poll_count 2 -check_after 1
client 18403 ir-poll.der,pollReq-1.der,pollReq-2.der,certConf-poll.der,extra-req.der \
    ip-waiting.der,pollRep.der,ip-after-poll.der,pkiconf-poll.der,extra-rsp.der -cmd ir "${PBM_CLIENT[@]}"

# 4. A rejection: ip with status rejection and failInfo badRequest(2) + badPOP(9) + duplicateCertReq(26).
start_server 18404 -srv_secret "$SECRET" -srv_ref server-ref -pkistatus 2 -failurebits $(( (1<<2) | (1<<9) | (1<<26) )) \
    -statusstring "fixture rejection"
client 18404 ir-rejected.der,after-rejection-req.der ip-rejection.der,after-rejection-rsp.der -cmd ir "${PBM_CLIENT[@]}"

# 5. An error message.
start_server 18405 -srv_secret "$SECRET" -srv_ref server-ref -send_error
client 18405 ir-for-error.der,after-error-req.der error.der,after-error-rsp.der -cmd ir "${PBM_CLIENT[@]}"

for f in *.der; do
    cp "$f" "$OUT/$f"
    openssl asn1parse -inform DER -i -in "$f" >"$OUT/${f%.der}.asn1parse.txt"
done

# One message in the other file forms MessageFileReader accepts.
{ echo "-----BEGIN CMP MESSAGE-----"; openssl base64 -in ir-pbm.der; echo "-----END CMP MESSAGE-----"; } >"$OUT/ir-pbm.pem"
openssl base64 -in genm-pbm.der >"$OUT/genm-pbm.b64"

ls -l "$OUT" >&2
echo "now run: python3 scripts/make-pyasn1-references.py (needs pip install pyasn1-alt-modules)" >&2
