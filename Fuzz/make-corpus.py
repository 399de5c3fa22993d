#!/usr/bin/env python3
"""Builds a libFuzzer seed corpus for one harness from the repository's fixtures.

    python3 Fuzz/make-corpus.py HARNESS OUTDIR

Each harness reads its own input layout (see Fuzz/Harnesses/HARNESS.swift); the seeds are the real
captures and messages of Fixtures/ re-encoded in that layout, so fuzzing starts from inputs that reach
deep into every stage instead of from random bytes the link layer rejects.
"""
import base64
import glob
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAPTURES = sorted(glob.glob(os.path.join(ROOT, "Fixtures/captures/*.pcap")))
PCAPNG = sorted(glob.glob(os.path.join(ROOT, "Fixtures/captures/*.pcapng")))
MESSAGES = sorted(glob.glob(os.path.join(ROOT, "Fixtures/messages/*.der")))
MAX_LEN = 65536
# Index of each link type in Fuzz/Harnesses/packet.swift's table.
PACKET_LINK_INDEX = {1: 0, 12: 1, 101: 2, 228: 3, 229: 4, 0: 5, 108: 6, 113: 7, 276: 8}


def read_pcap(path):
    """(linktype, [(seconds, frame bytes)]) of a classic pcap file (either byte order)."""
    data = open(path, "rb").read()
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    frames, offset = [], 24
    while offset + 16 <= len(data):
        seconds, _, caplen, _ = struct.unpack(endian + "IIII", data[offset:offset + 16])
        frames.append((seconds, data[offset + 16:offset + 16 + caplen]))
        offset += 16 + caplen
    return linktype, frames


def tcp_segments(linktype, frames):
    """(src, dst, sport, dport, seq, flags, payload) of every IPv4/IPv6 TCP frame (no fragments)."""
    segments = []
    for _, frame in frames:
        if linktype == 1:
            offset, ethertype = 14, struct.unpack(">H", frame[12:14])[0]
            while ethertype in (0x8100, 0x88A8):
                ethertype = struct.unpack(">H", frame[offset + 2:offset + 4])[0]
                offset += 4
        elif linktype == 276:
            offset, ethertype = 20, struct.unpack(">H", frame[0:2])[0]
        elif linktype == 113:
            offset, ethertype = 16, struct.unpack(">H", frame[14:16])[0]
        else:
            continue
        ip = frame[offset:]
        if ethertype == 0x0800 and len(ip) >= 20 and ip[9] == 6:
            header, total = (ip[0] & 15) * 4, struct.unpack(">H", ip[2:4])[0]
            src, dst, tcp = ip[12:16], ip[16:20], ip[header:total]
        elif ethertype == 0x86DD and len(ip) >= 40 and ip[6] == 6:
            total = 40 + struct.unpack(">H", ip[4:6])[0]
            src, dst, tcp = ip[8:24], ip[24:40], ip[40:total]
        else:
            continue
        if len(tcp) < 20:
            continue
        sport, dport, seq = struct.unpack(">HHI", tcp[0:8])
        data_offset, flags = (tcp[12] >> 4) * 4, tcp[13]
        segments.append((src, dst, sport, dport, seq, flags, tcp[data_offset:]))
    return segments


def clients(segments):
    """The client endpoint of each connection: the SYN sender, else the higher port."""
    result = {}
    for src, dst, sport, dport, _, flags, _ in segments:
        key = frozenset([(src, sport), (dst, dport)])
        if key in result:
            continue
        if flags & 0x02:
            result[key] = (dst, dport) if flags & 0x10 else (src, sport)
        else:
            result[key] = (src, sport) if sport > dport else (dst, dport)
    return result


def fit(records, prefix=b""):
    """Concatenates records up to the fuzzer's max_len."""
    out = bytearray(prefix)
    for record in records:
        if len(out) + len(record) > MAX_LEN:
            break
        out += record
    return bytes(out)


def packet_seeds():
    for path in CAPTURES:
        linktype, frames = read_pcap(path)
        if linktype not in PACKET_LINK_INDEX:
            continue
        records = [struct.pack(">BH", 0, len(frame)) + frame for _, frame in frames]
        yield os.path.basename(path), fit(records, bytes([PACKET_LINK_INDEX[linktype]]))


def reassembly_seeds():
    for path in CAPTURES:
        segments = tcp_segments(*read_pcap(path))
        roles, flows, records = clients(segments), {}, []
        for src, dst, sport, dport, seq, flags, payload in segments:
            key = frozenset([(src, sport), (dst, dport)])
            flow = flows.setdefault(key, len(flows) % 4)
            direction = 0 if roles[key] == (src, sport) else 1
            records.append(struct.pack(">BBIH", direction | flow << 1, flags, seq, len(payload)) + payload)
        yield os.path.basename(path), fit(records)


def stream_seeds(want_tcpmsg):
    """The in-order payload of each direction of the first connection, as StreamDriver records."""
    for path in CAPTURES:
        name = os.path.basename(path)
        if ("tcpmsg" in name) != want_tcpmsg:
            continue
        segments = tcp_segments(*read_pcap(path))
        roles, first, next_seq, records = clients(segments), None, {}, []
        for src, dst, sport, dport, seq, flags, payload in segments:
            key = frozenset([(src, sport), (dst, dport)])
            first = first or key
            if key != first:
                continue
            direction = 0 if roles[key] == (src, sport) else 1
            expected = next_seq.get(direction)
            if flags & 0x02:
                next_seq[direction] = (seq + 1) & 0xFFFFFFFF
                continue
            if not payload or (expected is not None and seq != expected):
                continue
            next_seq[direction] = (seq + len(payload)) & 0xFFFFFFFF
            records.append(struct.pack(">BH", direction, len(payload)) + payload)
        records += [struct.pack(">BH", 4, 0), struct.pack(">BH", 5, 0)]
        yield name, fit(records, b"\x00" if want_tcpmsg else b"")


def der_seeds():
    for path in MESSAGES:
        yield os.path.basename(path), open(path, "rb").read()


def pem_seeds():
    for path in MESSAGES:
        der, name = open(path, "rb").read(), os.path.basename(path)
        text = base64.encodebytes(der)
        yield name + ".pem", b"-----BEGIN PKIMESSAGE-----\n" + text + b"-----END PKIMESSAGE-----\n"
        yield name + ".b64", base64.b64encode(der) + b"\n"
    yield "raw.der", open(MESSAGES[0], "rb").read()


def capture_seeds():
    for path in CAPTURES + PCAPNG:
        data = open(path, "rb").read()
        if len(data) <= 4 * MAX_LEN:
            yield os.path.basename(path), data
    for name, data in list(pem_seeds())[:4]:
        yield name, data


SEEDS = {
    "capture": capture_seeds, "packet": packet_seeds, "reassembly": reassembly_seeds,
    "http": lambda: stream_seeds(False), "tcpmsg": lambda: stream_seeds(True),
    "der": der_seeds, "pem": pem_seeds,
    "filter": lambda: iter([("eq", b'cmp.body == "ir"'),
                            ("and", b'cmp.body == "ip" && finding.severity >= warning'),
                            ("paren", b'!(cmp.pvno == 2) || tcp.port == 829'),
                            ("bytes", b'cmp.transaction_id == 11:11:11:11 or cmp.sender_nonce'),
                            ("set", b'cmp.body in {"ir" "cr" "kur"} and not cmp.length > 1000'),
                            ("contains", b'cmp.sender contains "CN=" && cmp.length >= 0x10'),
                            ("matches", b'http.uri matches "^/pkix" || finding.code == "tcp.gap"')]),
}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in SEEDS:
        sys.exit("usage: make-corpus.py {%s} OUTDIR" % "|".join(SEEDS))
    os.makedirs(sys.argv[2], exist_ok=True)
    count = 0
    for name, data in SEEDS[sys.argv[1]]():
        with open(os.path.join(sys.argv[2], name), "wb") as out:
            out.write(data)
        count += 1
    print("%d seeds for %s in %s" % (count, sys.argv[1], sys.argv[2]))


if __name__ == "__main__":
    main()
