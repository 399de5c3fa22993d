#!/usr/bin/env python3
"""TCP-Messaging <-> HTTP relay for making cmpdissect's TCP-Messaging fixture captures.

The OpenSSL 3.0 CMP client and mock server speak only HTTP (RFC 6712). To capture real
TCP-Messaging traffic carrying their PKIMessages, two relays sit between them:

    openssl cmp client --HTTP--> front --TCP-Messaging--> back --HTTP--> openssl mock server
                                        (captured leg)

Framings (all integers big-endian):
  RFC 2510 section 5.2:       len(4) | type(1) | value          len = |value| + 1
  draft "version 10" (CMPtrans): len(4) | 0x0A | flags(1) | type(1) | value, len = |value| + 3
                                 flags bit 0 = closeConnection
RFC 2510 types: 0 pkiMsg, 1 pollRep, 2 pollReq, 3 negPollRep, 4 partialMsgRep, 5 finalMsgRep,
6 errorMsgRep. Draft types: 0 pkiReq, 1 pollRep, 2 pollReq, 3 finRep, 5 pkiRep, 6 errorMsgRep.

The back relay detects the framing of every PDU from byte 4 (0x0A = version 10) and answers in
the same framing. The front relay uses the framing it is told to.

    back  --listen PORT --upstream URL [--write-size N] [--poll SECONDS] [--coalesce-pollrep]
    front --listen PORT --connect HOST:PORT --framing rfc2510|v10 [--write-size N]
          [--extra-pollreqs]

Everything binds to loopback only. This is a test tool: one client at a time, no TLS.
"""

import argparse
import http.server
import select
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.request

MAX_PDU = 10 * 1024 * 1024  # sanity bound on the length field

RFC2510, V10 = "rfc2510", "v10"

# PDU types (same numbers in both framings; the names differ)
T_PKIMSG, T_POLLREP, T_POLLREQ, T_NEGPOLLREP, T_PARTIAL, T_FINAL, T_ERROR = range(7)
NAMES = {
    RFC2510: ["pkiMsg", "pollRep", "pollReq", "negPollRep", "partialMsgRep", "finalMsgRep",
              "errorMsgRep"],
    V10: ["pkiReq", "pollRep", "pollReq", "finRep", "(unused 4)", "pkiRep", "errorMsgRep"],
}

# PKIBody choice numbers (RFC 4210 / RFC 9810)
BODY = {0: "ir", 1: "ip", 2: "cr", 3: "cp", 4: "p10cr", 7: "kur", 8: "kup", 11: "rr", 12: "rp",
        19: "pkiconf", 21: "genm", 22: "genp", 23: "error", 24: "certConf", 25: "pollReq",
        26: "pollRep"}
REQUEST_ENDS_TRANSACTION = {24, 21, 11, 23, 19}   # certConf, genm, rr, error, pkiconf
RESPONSE_ENDS_TRANSACTION = {19, 22, 12, 23}      # pkiconf, genp, rp, error

V10_ERR_UNKNOWN_REF = 0x0300  # made-up code in cryptlib's "server-side" 0x03xx range


def log(who, msg):
    print(f"[{who} {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def encode(framing, ptype, value, flags=0):
    if framing == V10:
        return struct.pack(">IBBB", len(value) + 3, 10, flags, ptype) + value
    return struct.pack(">IB", len(value) + 1, ptype) + value


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError(f"connection closed after {len(buf)} of {n} bytes")
        buf += chunk
    return bytes(buf)


def read_pdu(sock):
    """Read one PDU; returns (framing, flags, type, value)."""
    (length,) = struct.unpack(">I", recv_exact(sock, 4))
    if length < 1 or length > MAX_PDU:
        raise ValueError(f"bad TCP-Messaging length {length}")
    rest = recv_exact(sock, length)
    if rest[0] == 10:
        if length < 3:
            raise ValueError("version-10 PDU shorter than its header")
        return V10, rest[1], rest[2], rest[3:]
    return RFC2510, 0, rest[0], rest[1:]


def send_pdus(sock, data, write_size):
    """Send bytes whole (one send) or in write_size pieces with tiny pauses (many segments)."""
    if write_size <= 0:
        sock.sendall(data)
        return
    for i in range(0, len(data), write_size):
        sock.sendall(data[i:i + write_size])
        time.sleep(0.002)


def der_len(b, i):
    """(length, index after the length octets) of the DER length at b[i]."""
    first = b[i]
    if first < 0x80:
        return first, i + 1
    n = first & 0x7F
    if n == 0 or n > 4 or i + 1 + n > len(b):
        raise ValueError("unsupported DER length")
    return int.from_bytes(b[i + 1:i + 1 + n], "big"), i + 1 + n


def body_type(msg):
    """The PKIBody choice number of a DER PKIMessage, or None."""
    try:
        if msg[0] != 0x30:
            return None
        _, i = der_len(msg, 1)
        if msg[i] != 0x30:
            return None
        hlen, j = der_len(msg, i + 1)
        k = j + hlen
        tag = msg[k]
        return tag & 0x1F if tag & 0xE0 == 0xA0 else None
    except (IndexError, ValueError):
        return None


def describe(framing, flags, ptype, value):
    name = NAMES[framing][ptype] if ptype < 7 else f"type {ptype}"
    extra = ""
    if ptype in (T_PKIMSG, T_FINAL):
        bt = body_type(value)
        extra = f" body={BODY.get(bt, bt)}"
    elif ptype in (T_POLLREP, T_POLLREQ) and len(value) >= 4:
        extra = f" ref={struct.unpack('>I', value[:4])[0]}"
    fl = f" flags={flags}" if framing == V10 else ""
    return f"{framing} {name}{fl} len={len(value)}{extra}"


# ---------------------------------------------------------------- back relay
class BackState:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.next_ref = 1
        self.pending = {}     # polling reference -> response PKIMessage
        self.finished = set()


def post(url, body):
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/pkixcmp"})
    with urllib.request.urlopen(req, timeout=30) as rsp:
        return rsp.read()


def error_value(framing, text):
    if framing == V10:
        # errorCode(16) | dataLength(16) | data | UTF-8 text (layout from cryptlib's parser)
        return struct.pack(">HH", V10_ERR_UNKNOWN_REF, 0) + text.encode()
    return text.encode()


class BackHandler(socketserver.BaseRequestHandler):
    def handle(self):
        st = self.server.state
        args = st.args
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        log("back", f"connection from {self.client_address}")
        while True:
            try:
                framing, flags, ptype, value = read_pdu(sock)
            except EOFError:
                log("back", "peer closed")
                return
            except ValueError as e:
                log("back", f"framing error: {e}; closing")
                return
            log("back", "got  " + describe(framing, flags, ptype, value))
            close = flags & 1
            out = []   # list of (type, value)
            if ptype == T_PKIMSG:
                try:
                    rsp = post(args.upstream, value)
                except Exception as e:  # noqa: BLE001 - report any upstream failure on the wire
                    out.append((T_ERROR, error_value(framing, f"upstream failed: {e}")))
                else:
                    if args.poll is not None or args.coalesce_pollrep:
                        with st.lock:
                            ref = st.next_ref
                            st.next_ref += 1
                        when = int(time.time()) + (0 if args.coalesce_pollrep else args.poll)
                        out.append((T_POLLREP, struct.pack(">II", ref, when)))
                        if args.coalesce_pollrep:
                            st.finished.add(ref)
                            out.append((T_FINAL, rsp))
                        else:
                            st.pending[ref] = rsp
                    else:
                        out.append((T_FINAL, rsp))
            elif ptype == T_POLLREQ and len(value) == 4:
                (ref,) = struct.unpack(">I", value)
                if ref in st.pending:
                    out.append((T_FINAL, st.pending.pop(ref)))
                    st.finished.add(ref)
                elif ref in st.finished:
                    out.append((T_NEGPOLLREP, b"\x00"))
                else:
                    out.append((T_ERROR, error_value(framing, f"unknown polling reference {ref}")))
            else:
                out.append((T_ERROR, error_value(framing, f"unexpected message type {ptype}")))
            data = b""
            for i, (t, v) in enumerate(out):
                fl = close if i == len(out) - 1 else 0
                log("back", "send " + describe(framing, fl, t, v))
                data += encode(framing, t, v, fl)
            # one write for all PDUs of this answer: with --coalesce-pollrep two PDUs share a
            # segment (unless --write-size splits them)
            send_pdus(sock, data, args.write_size)
            if close:
                log("back", "closeConnection set: closing")
                return


class ThreadingTCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


def run_back(args):
    srv = ThreadingTCPServer(("127.0.0.1", args.listen), BackHandler)
    srv.state = BackState(args)
    log("back", f"listening on 127.0.0.1:{args.listen}, upstream {args.upstream}")
    srv.serve_forever()


# ---------------------------------------------------------------- front relay
class FrontConn:
    """The TCP-Messaging connection of the front relay, kept across a transaction."""

    def __init__(self, args):
        self.args = args
        host, port = args.connect.rsplit(":", 1)
        self.addr = (host, int(port))
        self.sock = None
        self.lock = threading.Lock()
        self.last_ref = None

    def send(self, ptype, value, flags=0):
        if self.sock is None:
            self.sock = socket.create_connection(self.addr, timeout=30)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            log("front", f"connected to {self.addr}")
        fr = self.args.framing
        log("front", "send " + describe(fr, flags, ptype, value))
        send_pdus(self.sock, encode(fr, ptype, value, flags), self.args.write_size)

    def recv(self):
        pdu = read_pdu(self.sock)
        log("front", "got  " + describe(*pdu))
        return pdu

    def close(self):
        if self.sock is not None:
            log("front", "closing connection")
            self.sock.close()
            self.sock = None

    def exchange(self, msg):
        """Send one PKIMessage, poll as told, return the response PKIMessage (or None)."""
        args = self.args
        req_body = body_type(msg)
        ends = req_body in REQUEST_ENDS_TRANSACTION
        flags = 1 if (ends and args.framing == V10 and not args.extra_pollreqs) else 0
        self.send(T_PKIMSG, msg, flags)
        result = None
        rflags = 0
        while True:
            _, rflags, ptype, value = self.recv()
            if ptype == T_POLLREP and len(value) >= 8:
                ref, when = struct.unpack(">II", value[:8])
                self.last_ref = ref
                # a server may send the answer right behind the pollRep (same segment)
                ready, _, _ = select.select([self.sock], [], [], 0.2)
                if ready:
                    continue
                time.sleep(min(5.0, max(0.0, when - time.time())))
                self.send(T_POLLREQ, struct.pack(">I", ref))
                continue
            if ptype == T_FINAL:
                result = value
            break
        rsp_body = body_type(result) if result is not None else None
        if ends and args.extra_pollreqs and self.last_ref is not None:
            # demo of the control PDUs: the finished reference gets finRep/negPollRep,
            # an unknown one gets errorMsgRep (this one carries closeConnection)
            self.send(T_POLLREQ, struct.pack(">I", self.last_ref))
            self.recv()
            self.send(T_POLLREQ, struct.pack(">I", 0xDEADBEEF), 1 if args.framing == V10 else 0)
            _, rflags, _, _ = self.recv()
        if (rflags & 1) or ends or rsp_body in RESPONSE_ENDS_TRANSACTION or result is None:
            self.close()
        return result


class FrontHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # so that openssl's "Connection: keep-alive" is honoured

    def do_POST(self):  # noqa: N802 - http.server API
        n = int(self.headers.get("Content-Length", "0"))
        msg = self.rfile.read(n)
        conn = self.server.conn
        with conn.lock:
            try:
                rsp = conn.exchange(msg)
            except (OSError, EOFError, ValueError) as e:
                log("front", f"exchange failed: {e}")
                conn.close()
                rsp = None
        if rsp is None:
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pkixcmp")
        self.send_header("Content-Length", str(len(rsp)))
        self.end_headers()
        self.wfile.write(rsp)

    def log_message(self, fmt, *a):
        log("front-http", fmt % a)


def run_front(args):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", args.listen), FrontHandler)
    srv.conn = FrontConn(args)
    log("front", f"HTTP on 127.0.0.1:{args.listen}, TCP-Messaging ({args.framing}) to {args.connect}")
    srv.serve_forever()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="role", required=True)
    b = sub.add_parser("back", help="TCP-Messaging server that POSTs to an HTTP CMP server")
    b.add_argument("--listen", type=int, required=True)
    b.add_argument("--upstream", required=True, help="http://127.0.0.1:PORT/path")
    b.add_argument("--write-size", type=int, default=0, help="write PDUs in pieces of N bytes")
    b.add_argument("--poll", type=int, default=None,
                   help="answer each PKIMessage with pollRep (check back after N s)")
    b.add_argument("--coalesce-pollrep", action="store_true",
                   help="answer with pollRep + finalMsgRep in one write")
    f = sub.add_parser("front", help="HTTP server that speaks TCP-Messaging to a back relay")
    f.add_argument("--listen", type=int, required=True)
    f.add_argument("--connect", required=True, help="127.0.0.1:PORT of the back relay")
    f.add_argument("--framing", choices=[RFC2510, V10], required=True)
    f.add_argument("--write-size", type=int, default=0)
    f.add_argument("--extra-pollreqs", action="store_true",
                   help="after the last message, pollReq the finished and an unknown reference")
    args = ap.parse_args()
    try:
        run_back(args) if args.role == "back" else run_front(args)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
