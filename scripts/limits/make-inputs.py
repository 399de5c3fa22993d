#!/usr/bin/env python3
"""Writes the crafted hostile inputs of issue 6 ("limits that hold") into a directory.

    python3 scripts/limits/make-inputs.py OUTDIR

Each input is a capture (pcap, Ethernet/IPv4/TCP) or a single PKIMessage file; OUTDIR/manifest.tsv
lists, per run: file name, extra cmpdissect options, the finding code that must be reported (in the
`-T jsonl` output, or on standard error when no message can carry it; `-` for none required,
`stderr:TEXT` for a text that must appear on standard error, `unattached:CODE` for a finding no
message can carry, which the command line prints on standard error; `known:` before any of these marks
a known problem, reported but not counted as a failure), the expected exit status, and a
description. A file may be listed twice (with and without -V). Nothing here is committed as data: some inputs are over 1 GiB.
"""
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else sys.exit(__doc__)
os.makedirs(OUT, exist_ok=True)
MANIFEST = []
BASE_TIME = 1_764_590_000


# --- DER ------------------------------------------------------------------------------------------

def length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, *parts):
    content = b"".join(parts)
    return bytes([tag]) + length(len(content)) + content


def seq(*parts):
    return tlv(0x30, *parts)


def integer(value):
    body = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return tlv(0x02, body)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray(encode_arc(arcs[0] * 40 + arcs[1]))
    for arc in arcs[2:]:
        body += encode_arc(arc)
    return tlv(0x06, bytes(body))


def encode_arc(arc):
    out = [arc & 0x7F]
    arc >>= 7
    while arc:
        out.append(0x80 | (arc & 0x7F))
        arc >>= 7
    return bytes(reversed(out))


def explicit(number, *parts):
    return tlv(0xA0 | number, *parts)


def name(cn):
    """directoryName GeneralName ([4] EXPLICIT Name) with one CN."""
    rdn = tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, cn.encode())))
    return explicit(4, seq(rdn))


def header(protection_alg=None, extra=b""):
    """PKIHeader (RFC 9810 §5.1.1): pvno 2, sender, recipient, [protectionAlg], transactionID, senderNonce."""
    parts = [integer(2), name("limits client"), name("limits CA")]
    if protection_alg is not None:
        parts.append(explicit(1, protection_alg))
    parts += [explicit(4, tlv(0x04, bytes(range(16)))), explicit(5, tlv(0x04, bytes(range(16, 32)))), extra]
    return seq(*parts)


def pki_message(body, protection_alg=None, extra_certs=None, protection=None):
    parts = [header(protection_alg), body]
    if protection is not None:
        parts.append(explicit(0, tlv(0x03, b"\x00" + protection)))
    if extra_certs is not None:
        parts.append(explicit(1, seq(*extra_certs)))
    return seq(*parts)


PKICONF = tlv(0xB3, b"\x05\x00")  # body [19] pkiconf NULL


def error_body(fail_info_bits):
    """body [23] error ErrorMsgContent with PKIStatusInfo { rejection, failInfo }."""
    status = seq(integer(2), tlv(0x03, b"\x00" + fail_info_bits))
    return tlv(0xB7, seq(status))


def fake_certificate(serial):
    """A structurally valid, small X.509 Certificate (the signature is not valid: it is never checked here)."""
    algorithm = seq(oid("1.2.840.10045.4.3.2"))
    validity = seq(tlv(0x17, b"250101000000Z"), tlv(0x17, b"351231235959Z"))
    dn = seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, b"x"))))
    spki = seq(seq(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")), tlv(0x03, b"\x00\x04" + bytes(64)))
    tbs = seq(explicit(0, integer(2)), integer(serial), algorithm, dn, validity, dn, spki)
    return seq(tbs, algorithm, tlv(0x03, b"\x00" + seq(integer(1), integer(1))))


# --- pcap -----------------------------------------------------------------------------------------

class Pcap:
    """A classic pcap file of Ethernet/IPv4/TCP frames, written as it goes (inputs of a GiB)."""

    def __init__(self, path):
        self.file = open(path, "wb")
        self.file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        self.micros = 0

    def frame(self, src, dst, sport, dport, seq_no, flags, payload=b"", ack=0, step=10):
        self.micros += step
        tcp = struct.pack(">HHIIBBHHH", sport, dport, seq_no & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 0, 0x4000, 64, 6, 0, bytes(src), bytes(dst))
        eth = b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00"
        size = len(eth) + len(ip) + len(tcp) + len(payload)
        seconds, micros = divmod(self.micros, 1_000_000)
        self.file.write(struct.pack("<IIII", BASE_TIME + seconds, micros, size, size))
        self.file.write(eth + ip + tcp)
        self.file.write(payload)

    def close(self):
        self.file.close()


CLIENT, SERVER = (192, 0, 2, 10), (192, 0, 2, 1)
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def handshake(pcap, sport, dport, client=CLIENT, server=SERVER):
    """Three-way handshake; returns the next client and server sequence numbers."""
    pcap.frame(client, server, sport, dport, 1000, SYN)
    pcap.frame(server, client, dport, sport, 5000, SYN | ACK, ack=1001)
    pcap.frame(client, server, sport, dport, 1001, ACK, ack=5001)
    return 1001, 5001


def stream(pcap, data_chunks, sport=40000, dport=80, close=True):
    """One connection carrying the client's byte chunks (each at most 65000 bytes per frame)."""
    seq_no, _ = handshake(pcap, sport, dport)
    for chunk in data_chunks:
        for start in range(0, len(chunk), 65000):
            piece = chunk[start:start + 65000]
            pcap.frame(CLIENT, SERVER, sport, dport, seq_no, PSH | ACK, piece, ack=5001)
            seq_no += len(piece)
    if close:
        pcap.frame(CLIENT, SERVER, sport, dport, seq_no, FIN | ACK, ack=5001)


def add(name, expect, description, options="", status=0):
    MANIFEST.append((name, options or "-", expect, str(status), description))


def capture(name, expect, description, write, status=0):
    pcap = Pcap(os.path.join(OUT, name))
    write(pcap)
    pcap.close()
    add(name, expect, description, status=status)


def message_file(name, der, expect, description, options="", status=0):
    with open(os.path.join(OUT, name), "wb") as out:
        out.write(der)
    add(name, expect, description, options, status)


MiB = 1024 * 1024
HTTP_CMP = b"POST /pkix/ HTTP/1.1\r\nHost: ca\r\nContent-Type: application/pkixcmp\r\n"
SMALL = pki_message(PKICONF)


# --- captures -------------------------------------------------------------------------------------

def million_flows(pcap):
    # First a CMP request cut short (Content-Length promises more than is sent): it is the least recently
    # active flow when the table fills, so its eviction must be reported on it. Then 1,000,000 connections
    # that send a SYN and are never heard of again, within 50 s of capture time (no idle timeout).
    seq_no, _ = handshake(pcap, 40000, 80)
    pcap.frame(CLIENT, SERVER, 40000, 80, seq_no, PSH | ACK, HTTP_CMP + b"Content-Length: 1000\r\n\r\n" + SMALL[:20])
    for index in range(1_000_000):
        client = (10, (index >> 16) & 0xFF, (index >> 8) & 0xFF, index & 0xFF)
        pcap.frame(client, SERVER, 1024 + index % 60000, 80, index, SYN, step=50)


def out_of_order_gib(pcap):
    # One flow: after the handshake the first 1000 bytes never arrive; then 1 GiB follows, in order
    # among itself but never joining the stream (an HTTP request of a CMP body that no framer may hold).
    seq_no, _ = handshake(pcap, 40001, 80)
    total = 1024 * MiB
    head = HTTP_CMP + b"Content-Length: %d\r\n\r\n" % total
    position = seq_no + 1000
    pcap.frame(CLIENT, SERVER, 40001, 80, position, PSH | ACK, head, ack=5001)
    position += len(head)
    block = bytes(65000)
    sent = 0
    while sent < total:
        piece = block[:min(65000, total - sent)]
        pcap.frame(CLIENT, SERVER, 40001, 80, position + sent, PSH | ACK, piece, ack=5001, step=1)
        sent += len(piece)


def endless_header(pcap):
    filler = b"X-Filler: " + b"a" * (64 * MiB)
    stream(pcap, [b"POST /pkix/ HTTP/1.1\r\n" + filler])


def content_length(value):
    return lambda pcap: stream(pcap, [HTTP_CMP + b"Content-Length: " + value + b"\r\n\r\n" + SMALL + bytes(MiB)])


def chunk_size(pcap):
    stream(pcap, [HTTP_CMP + b"Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n" + SMALL + b"\r\n0\r\n\r\n"])


def tcpmsg_length(framing):
    def write(pcap):
        header = b"\xff\xff\xff\xff" + (b"\x0a\x00\x00" if framing == "v10" else b"\x00")
        stream(pcap, [header + SMALL + bytes(MiB)], dport=829)
    return write


def http_message(der):
    return lambda pcap: stream(pcap, [HTTP_CMP + b"Content-Length: %d\r\n\r\n" % len(der) + der])


capture("flows-1m.pcap", "tcp.limit", "1,000,000 TCP flows that open and never close", million_flows)
capture("out-of-order-1gib.pcap", "tcp.gap", "one flow, 1 GiB of out-of-order data that never fills its gap", out_of_order_gib)
capture("http-endless-header.pcap", "unattached:http.malformed", "an HTTP header of 64 MiB that never ends", endless_header)
capture("http-content-length-2p63.pcap", "pdu.limit", "Content-Length: 2^63", content_length(b"9223372036854775808"))
capture("http-content-length-2p64.pcap", "unattached:http.malformed", "Content-Length: 2^64 (overflows 64 bits)", content_length(b"18446744073709551616"))
capture("http-chunk-2p64.pcap", "unattached:http.malformed", "chunk size 2^64", chunk_size)
capture("tcpmsg-length-4gib-v10.pcap", "pdu.limit", "TCP-Messaging (v10) length 0xFFFFFFFF", tcpmsg_length("v10"))
capture("tcpmsg-length-4gib-rfc2510.pcap", "pdu.limit", "TCP-Messaging (RFC 2510) length 0xFFFFFFFF", tcpmsg_length("rfc2510"))

# --- PKIMessages ----------------------------------------------------------------------------------

claims_4gib = b"\x30\x84\xff\xff\xff\xff" + SMALL[2:]
message_file("pkimessage-4gib.der", claims_4gib, "asn1.malformed",
             "a PKIMessage whose outer length claims 4 GiB (file input): decoded up to the damage")
capture("pkimessage-4gib-http.pcap", "asn1.malformed", "the same PKIMessage over HTTP", http_message(claims_4gib))


def nested(depth):
    # body [20] nested NestedMessageContent ::= PKIMessages (SEQUENCE SIZE (1..MAX) OF PKIMessage).
    inner = SMALL
    for _ in range(depth):
        inner = pki_message(tlv(0xB4, seq(inner)))
    return inner


message_file("nested-10000.der", nested(10_000), "-", "nested messages 10,000 deep")
add("nested-10000.der", "-", "the same with the annotated tree (-V), which must stop at Limits.maxASN1Depth", "-V")
certs = [fake_certificate(n + 1) for n in range(100_000)]
message_file("extracerts-100000.der", pki_message(PKICONF, extra_certs=certs), "-",
             "100,000 certificates in extraCerts")
add("extracerts-100000.der", "-", "the same with the annotated tree (-V)", "-V")
# 7.8 million two-byte TLVs in extraCerts, 15 MiB: under the PDU limit, so it also arrives over HTTP.
tlv_bomb = pki_message(PKICONF, extra_certs=[b"\x05\x00"] * (15 * MiB // 2))
capture("extracerts-tlv-bomb-http.pcap", "-", "15 MiB of tiny TLVs in extraCerts, over HTTP",
        http_message(tlv_bomb))
long_oid = tlv(0x06, b"\x2a" + b"\x01" * 9_999)
message_file("oid-10000-arcs.der", pki_message(PKICONF, protection_alg=seq(long_oid)), "-",
             "an OID of 10,000 arcs as protectionAlg")
add("oid-10000-arcs.der", "-", "the same with the annotated tree (-V)", "-V")
message_file("failinfo-1mib.der", pki_message(error_body(b"\xff" * MiB)), "-",
             "a BIT STRING failInfo of 1 MiB in an error message")
add("failinfo-1mib.der", "-", "the same with the annotated tree (-V)", "-V")

# PasswordBasedMac (RFC 4211 §4.4; RFC 9810 §5.1.3.1) with iterationCount 2^31. Only --secret makes
# cmpdissect compute the MAC: above --max-pbm-iterations (default 10000) it must refuse, not spin.
pbm = seq(oid("1.2.840.113533.7.66.13"),
          seq(tlv(0x04, bytes(16)), seq(oid("1.3.14.3.2.26")), integer(2 ** 31), seq(oid("1.3.6.1.5.5.8.1.2"))))
message_file("pbm-iterations-2p31.der", pki_message(PKICONF, protection_alg=pbm, protection=bytes(20)),
             "cmp.protection.not-verified", "PBM iterationCount 2^31 with --secret: refused (not computed) with a finding",
             options="--secret pass:limits-secret")

with open(os.path.join(OUT, "manifest.tsv"), "w") as out:
    for row in MANIFEST:
        out.write("\t".join(row) + "\n")
print("%d inputs in %s" % (len(MANIFEST), OUT))
