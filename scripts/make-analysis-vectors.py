#!/usr/bin/env python3
"""make-analysis-vectors.py: crafted PKIMessages with known secrets and keys for the protection
verification tests (Tests/CMPAnalysisTests), written to Fixtures/analysis/.

The MACs are computed here with Python's hashlib/hmac and the signatures with the openssl command
line, so the Swift verifier is checked against independent implementations:
  pbm.der            PasswordBasedMac (RFC 9810 §5.1.3.1), owf SHA-256, 1000 iterations, hmac-sha1;
                     secret pass:vector-secret
  pbmac1.der         PBMAC1 (RFC 9481 §6.1.2): PBKDF2-HMAC-SHA256, 1000 iterations, 32-byte key,
                     then HMAC-SHA256; secret pass:vector-secret
  sig-<alg>.der      genm signed over DER(ProtectedPart) with a fresh self-signed key in extraCerts[0]:
                     rsa-pkcs1 (sha256WithRSAEncryption), rsa-pss (RSASSA-PSS SHA-256, salt 32),
                     p384 (ecdsa-with-SHA384), ed25519, p256-no-digital-signature (signer keyUsage
                     keyCertSign|cRLSign only)
Keys are throwaway and generated on every run (the tests only need each message to verify).

Also in Fixtures/analysis, not made here: disable-confirm-{ir,ip}.der and unprotected-responses-{ir,ip}.der
are the HTTP bodies of Fixtures/captures/disable-confirm.pcap and unprotected-responses.pcap
(scripts/make-fixtures.sh), exported with `tshark -r CAPTURE --export-objects http,DIR`; their
PBM secret is pass:cmpdissect-test-secret.
"""
import hashlib, hmac, os, subprocess, tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "analysis")
SECRET = b"vector-secret"

def L(n):
    if n < 0x80: return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big"); return bytes([0x80 | len(b)]) + b
def T(tag, c): return bytes([tag]) + L(len(c)) + c
def seq(*p): return T(0x30, b"".join(p))
def oid(d):
    a = [int(x) for x in d.split(".")]
    def b128(v):
        o = [v & 0x7F]; v >>= 7
        while v: o.insert(0, 0x80 | (v & 0x7F)); v >>= 7
        return bytes(o)
    return T(6, b128(a[0] * 40 + a[1]) + b"".join(b128(x) for x in a[2:]))
def integer(v): return T(2, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True))
def octets(b): return T(4, b)
def ex(n, c): return T(0xA0 | n, c)
def dn(cn): return ex(4, seq(T(0x31, seq(oid("2.5.4.3"), T(0x0C, cn.encode())))))
NULL = T(5, b"")

def header(sender, alg, kid=None):
    parts = [integer(2), dn(sender), dn("CA"), ex(0, T(0x18, b"20261201120000Z")), ex(1, alg)]
    if kid: parts.append(ex(2, octets(kid)))
    parts += [ex(4, octets(b"\x11" * 16)), ex(5, octets(b"\x21" * 16))]
    return seq(*parts)

BODY = ex(21, seq())  # genm, empty
def message(h, protection, extra=None):
    parts = [h, BODY, ex(0, T(3, b"\x00" + protection))]
    if extra: parts.append(ex(1, seq(extra)))
    return seq(*parts)

def write(name, der):
    with open(os.path.join(OUT, name), "wb") as f: f.write(der)

def macs():
    salt = bytes(range(16)); iters = 1000
    pbm = seq(octets(salt), seq(oid("2.16.840.1.101.3.4.2.1")), integer(iters), seq(oid("1.3.6.1.5.5.8.1.2")))
    h = header("client", seq(oid("1.2.840.113533.7.66.13"), pbm), b"client-ref")
    key = hashlib.sha256(SECRET + salt).digest()
    for _ in range(iters - 1): key = hashlib.sha256(key).digest()
    write("pbm.der", message(h, hmac.new(key, seq(h, BODY), hashlib.sha1).digest()))
    kdf = seq(octets(salt), integer(iters), integer(32), seq(oid("1.2.840.113549.2.9"), NULL))
    params = seq(seq(oid("1.2.840.113549.1.5.12"), kdf), seq(oid("1.2.840.113549.2.9"), NULL))
    h = header("client", seq(oid("1.2.840.113549.1.5.14"), params), b"client-ref")
    key = hashlib.pbkdf2_hmac("sha256", SECRET, salt, iters, 32)
    write("pbmac1.der", message(h, hmac.new(key, seq(h, BODY), hashlib.sha256).digest()))

def signatures(work):
    def run(*a): return subprocess.run(a, capture_output=True, check=True).stdout
    pss = seq(oid("1.2.840.113549.1.1.10"), seq(ex(0, seq(oid("2.16.840.1.101.3.4.2.1"))),
              ex(1, seq(oid("1.2.840.113549.1.1.8"), seq(oid("2.16.840.1.101.3.4.2.1")))), ex(2, integer(32))))
    cases = [
        ("rsa-pkcs1", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
         seq(oid("1.2.840.113549.1.1.11"), NULL), ["-sha256"]),
        ("rsa-pss", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], pss,
         ["-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256"]),
        ("p384", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], seq(oid("1.2.840.10045.4.3.3")), ["-sha384"]),
        ("ed25519", ["-algorithm", "ED25519"], seq(oid("1.3.101.112")), None),
        # a CA-style signer: keyUsage keyCertSign|cRLSign, no digitalSignature (Insta, 3GPP)
        ("p256-no-digital-signature", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
         seq(oid("1.2.840.10045.4.3.2")), ["-sha256"]),
    ]
    for name, gen, alg, dgst in cases:
        usage = "keyCertSign,cRLSign" if "no-digital-signature" in name else "digitalSignature"
        key, crt, data = (os.path.join(work, f"{name}.{x}") for x in ("key", "crt", "der"))
        run("openssl", "genpkey", *gen, "-out", key)
        run("openssl", "req", "-x509", "-new", "-key", key, "-subj", f"/CN=signer {name}", "-days", "3650",
            "-out", crt, "-addext", f"keyUsage=critical,{usage}")
        cert = run("openssl", "x509", "-in", crt, "-outform", "DER")
        h = header(f"signer {name}", alg)
        with open(data, "wb") as f: f.write(seq(h, BODY))
        if dgst is None:
            sig = run("openssl", "pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", data)
        else:
            sig = run("openssl", "dgst", *dgst, "-sign", key, data)
        write(f"sig-{name}.der", message(h, sig, cert))

os.makedirs(OUT, exist_ok=True)
macs()
with tempfile.TemporaryDirectory() as work: signatures(work)
