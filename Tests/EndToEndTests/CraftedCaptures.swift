import CMPCore
import CMPTestSupport
import Foundation

/// Captures built from real PKIMessages (Fixtures/messages) for what a loopback run of OpenSSL
/// cannot show: reordering, conflicting retransmissions, lost segments, mid-stream starts,
/// sequence wraparound, HTTP variants, odd link layers and IP fragments. Deterministic: the bytes
/// are the same on every run, so the files committed in Fixtures/crafted (with tshark's decoding
/// beside them) are checked to be exactly what this builder makes.
enum CraftedCaptures {
    struct Capture {
        var name: String
        var description: String
        var linkType: LinkType
        var frames: [(timestamp: Timestamp, bytes: [UInt8])]
    }

    static func message(_ name: String) -> [UInt8] {
        let url = Fixtures.root.appendingPathComponent("messages/\(name).der")
        return (try? [UInt8](Data(contentsOf: url))) ?? []
    }

    static let client = Endpoint("192.0.2.10", 50000)
    static let server = Endpoint("192.0.2.1", 8080)

    static func request(_ body: [UInt8], uri: String = "/pkix/", version: String = "1.1",
                        contentType: String? = "application/pkixcmp", extraHeaders: String = "") -> [UInt8] {
        var head = "POST \(uri) HTTP/\(version)\r\nHost: ca.example\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "Content-Length: \(body.count)\r\n" + extraHeaders + "\r\n"
        return Array(head.utf8) + body
    }

    static func response(_ body: [UInt8], status: String = "200 OK", version: String = "1.1",
                         contentType: String? = "application/pkixcmp") -> [UInt8] {
        var head = "HTTP/\(version) \(status)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    static func chunkedResponse(_ body: [UInt8], chunk: Int) -> [UInt8] {
        var bytes = Array("HTTP/1.1 200 OK\r\nContent-Type: application/pkixcmp\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        var offset = 0
        while offset < body.count {
            let end = min(offset + chunk, body.count)
            bytes += Array((String(end - offset, radix: 16) + ";ext=1\r\n").utf8) + body[offset..<end] + Array("\r\n".utf8)
            offset = end
        }
        return bytes + Array("0\r\nX-Trailer: done\r\n\r\n".utf8)
    }

    /// RFC 2510 §5.2 TCP-Messaging: length | type | value.
    static func tcpMessage2510(type: UInt8, _ value: [UInt8]) -> [UInt8] {
        let length = UInt32(value.count + 1)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type] + value
    }

    static var all: [Capture] {
        [reordered(), retransmitConflict(), lostSegment(), midStream(), wraparound(), chunked(), pipelined(),
         contentTypes(), oddPortExpectContinue(), reusedTuple(), linkVariants(), ipv4Fragments(), ipv6ExtensionHeaders()]
    }

    /// ir/ip in 200-byte segments: the request's segments shuffled, the response's reversed.
    static func reordered() -> Capture {
        var c = TCPConversation(client: client, server: server)
        c.handshake()
        let clientStart = c.frames.count
        c.send(from: .client, request(message("ir-pbm")), segmentSize: 200)
        let serverStart = c.frames.count
        c.send(from: .server, response(message("ip-pbm")), segmentSize: 200)
        let serverEnd = c.frames.count
        c.close()
        var frames = c.frames
        var generator = SeededGenerator(seed: 42)
        frames.replaceSubrange(clientStart..<serverStart, with: frames[clientStart..<serverStart].shuffled(using: &generator))
        frames.replaceSubrange(serverStart..<serverEnd, with: frames[serverStart..<serverEnd].reversed())
        return retime(Capture(name: "http-reordered", description: "ir/ip in 200-byte segments delivered out of order",
                              linkType: .ethernet, frames: frames))
    }

    /// A request segment retransmitted with different bytes: the first copy must win.
    static func retransmitConflict() -> Capture {
        var c = TCPConversation(client: client, server: server)
        c.handshake()
        let bytes = request(message("ir-pbm"))
        let seqBefore = c.clientNext
        c.send(from: .client, Array(bytes[0..<300]), segmentSize: 300)
        var altered = Array(bytes[100..<300])
        for index in altered.indices { altered[index] ^= 0x5A }
        c.raw(from: .client, seq: seqBefore &+ 100, ack: c.serverNext, flags: .ack, payload: altered)
        c.send(from: .client, Array(bytes[300...]), segmentSize: 1460)
        c.send(from: .server, response(message("ip-pbm")))
        c.close()
        return Capture(name: "http-retransmit-conflict",
                       description: "a retransmitted request segment carries different bytes (first copy kept)",
                       linkType: .ethernet, frames: c.frames)
    }

    /// Keep-alive with two transactions; a segment in the middle of the first response is lost.
    static func lostSegment() -> Capture {
        var c = TCPConversation(client: client, server: server)
        c.handshake()
        c.send(from: .client, request(message("ir-pbm")))
        let start = c.frames.count
        c.send(from: .server, response(message("ip-pbm")), segmentSize: 300)
        let lost = start + 1
        c.send(from: .client, request(message("genm-pbm")))
        c.send(from: .server, response(message("genp-pbm")))
        c.close()
        var frames = c.frames
        frames.remove(at: lost)
        return Capture(name: "http-lost-segment",
                       description: "the second segment of the ip is lost; decoding resumes at the next request",
                       linkType: .ethernet, frames: frames)
    }

    /// The capture starts inside the ir body: the ip and a later genm/genp are still found.
    static func midStream() -> Capture {
        var c = TCPConversation(client: client, server: server)
        c.handshake()
        c.send(from: .client, request(message("ir-pbm")), segmentSize: 250)
        c.send(from: .server, response(message("ip-pbm")))
        c.send(from: .client, request(message("genm-pbm")))
        c.send(from: .server, response(message("genp-pbm")))
        c.close()
        return Capture(name: "http-mid-stream", description: "capture starts inside the first request's body",
                       linkType: .ethernet, frames: Array(c.frames.dropFirst(5)))
    }

    /// Both sides' sequence numbers wrap around 2^32 inside the messages.
    static func wraparound() -> Capture {
        var c = TCPConversation(client: client, server: server, clientISN: 0xFFFF_FF00, serverISN: 0xFFFF_FE00)
        c.handshake()
        c.send(from: .client, request(message("ir-pbm")), segmentSize: 100)
        c.send(from: .server, response(message("ip-pbm")), segmentSize: 100)
        c.close()
        return Capture(name: "http-wraparound", description: "sequence numbers wrap around 2^32 mid-message",
                       linkType: .ethernet, frames: c.frames)
    }

    static func chunked() -> Capture {
        var c = TCPConversation(client: client, server: server)
        c.handshake()
        c.send(from: .client, request(message("ir-pbm")))
        c.send(from: .server, chunkedResponse(message("ip-pbm"), chunk: 100), segmentSize: 512)
        c.close()
        return Capture(name: "http-chunked", description: "ip in a chunked body with chunk extensions and a trailer",
                       linkType: .ethernet, frames: c.frames)
    }

    /// Two requests in one segment, two responses in one segment: FIFO pairing.
    static func pipelined() -> Capture {
        var c = TCPConversation(client: client, server: server)
        c.handshake()
        c.send(from: .client, request(message("ir-pbm"), uri: "/first") + request(message("genm-pbm"), uri: "/second"),
               segmentSize: 4000)
        c.send(from: .server, response(message("ip-pbm")) + response(message("genp-pbm")), segmentSize: 4000)
        c.close()
        return Capture(name: "http-pipelined", description: "two pipelined requests and their two responses, one segment each way",
                       linkType: .ethernet, frames: c.frames)
    }

    /// A request without Content-Type and a response sent as text/plain: found by content.
    static func contentTypes() -> Capture {
        var c = TCPConversation(client: client, server: server)
        c.handshake()
        c.send(from: .client, request(message("ir-pbm"), contentType: nil))
        c.send(from: .server, response(message("ip-pbm"), contentType: "text/plain; charset=us-ascii"))
        c.send(from: .client, request(message("certConf-pbm"), contentType: "Application/X-PKIXCMP; q=1"))
        c.send(from: .server, response(message("pkiconf-pbm"), status: "202 Accepted"))
        c.close()
        return Capture(name: "http-content-types",
                       description: "missing, wrong and legacy Content-Type; a 202 response",
                       linkType: .ethernet, frames: c.frames)
    }

    /// HTTP/1.1 on port 4711 with Expect: 100-continue.
    static func oddPortExpectContinue() -> Capture {
        let odd = Endpoint("192.0.2.1", 4711)
        var c = TCPConversation(client: client, server: odd)
        c.handshake()
        let full = request(message("p10cr-pbm"), extraHeaders: "Expect: 100-continue\r\n")
        let body = message("p10cr-pbm")
        c.send(from: .client, Array(full[0..<(full.count - body.count)]))
        c.send(from: .server, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        c.send(from: .client, body)
        c.send(from: .server, response(message("cp-p10cr-pbm")))
        c.close()
        return Capture(name: "http-odd-port-100-continue", description: "p10cr/cp on port 4711 with Expect: 100-continue",
                       linkType: .ethernet, frames: c.frames)
    }

    /// TCP-Messaging on 829, the same 4-tuple used by two connections one after the other.
    static func reusedTuple() -> Capture {
        let tcpServer = Endpoint("192.0.2.1", 829)
        var first = TCPConversation(client: client, server: tcpServer, clientISN: 10, serverISN: 20)
        first.handshake()
        first.send(from: .client, tcpMessage2510(type: 0, message("ir-pbm")))
        first.send(from: .server, tcpMessage2510(type: 5, message("ip-pbm")))
        first.close()
        var second = TCPConversation(client: client, server: tcpServer, clientISN: 900_000, serverISN: 800_000,
                                     start: first.clock)
        second.handshake()
        second.send(from: .client, tcpMessage2510(type: 0, message("certConf-pbm")))
        second.send(from: .server, tcpMessage2510(type: 5, message("pkiconf-pbm")))
        second.close()
        return Capture(name: "tcpmsg-reused-tuple", description: "two TCP-Messaging connections on the same 4-tuple",
                       linkType: .ethernet, frames: first.frames + second.frames)
    }

    /// The same exchange behind QinQ VLAN tags.
    static func linkVariants() -> Capture {
        var c = TCPConversation(client: client, server: server,
                                link: .ethernet(vlanTags: [VLANTag(tpid: 0x88A8, vlanID: 100), VLANTag(tpid: 0x8100, vlanID: 7)]))
        c.handshake()
        c.send(from: .client, request(message("rr-pbm")))
        c.send(from: .server, response(message("rp-pbm")))
        c.close()
        return Capture(name: "vlan-qinq", description: "rr/rp behind an 802.1ad + 802.1Q tag pair",
                       linkType: .ethernet, frames: c.frames)
    }

    /// Every data segment of the exchange sent as IPv4 fragments of 256 payload bytes, on raw IP.
    static func ipv4Fragments() -> Capture {
        var c = TCPConversation(client: client, server: server, link: .raw(.raw))
        c.handshake()
        c.send(from: .client, request(message("ir-pbm")), segmentSize: 1400)
        c.send(from: .server, response(message("ip-pbm")), segmentSize: 1400)
        c.close()
        var frames = [(timestamp: Timestamp, bytes: [UInt8])]()
        for frame in c.frames {
            if frame.bytes.count > 300 {
                for piece in TestPacket.fragmentIPv4(frame.bytes, payloadSize: 256).reversed() {
                    frames.append((frame.timestamp, piece))
                }
            } else {
                frames.append(frame)
            }
        }
        return retime(Capture(name: "ipv4-fragments", description: "raw IP; data segments in IPv4 fragments, last fragment first",
                              linkType: .raw, frames: frames))
    }

    /// IPv6 with hop-by-hop and destination-options headers, on BSD loopback (NULL).
    static func ipv6ExtensionHeaders() -> Capture {
        let v6Client = Endpoint("2001:db8::10", 50000)
        let v6Server = Endpoint("2001:db8::1", 80)
        var frames = [(timestamp: Timestamp, bytes: [UInt8])]()
        var clock = Timestamp(seconds: 1_700_000_000, nanoseconds: 0)
        func add(_ src: Endpoint, _ dst: Endpoint, seq: UInt32, ack: UInt32, flags: TCPFlags, _ payload: [UInt8]) {
            let segment = TestPacket.tcpSegment(src: src, dst: dst, seq: seq, ack: ack, flags: flags, payload: payload)
            let packet = TestPacket.ipv6(src: src.address, dst: dst.address, nextHeader: TestPacket.protocolTCP,
                                         payload: segment, extensionHeaders: [.hopByHop(), .destinationOptions(extraUnits: 1)])
            frames.append((clock, LinkLayer.null().wrap(packet)))
            clock = Timestamp(seconds: clock.seconds, nanoseconds: clock.nanoseconds + 1_000_000)
        }
        let request = request(message("genm-pbm"))
        let response = response(message("genp-pbm"), version: "1.0")
        add(v6Client, v6Server, seq: 1, ack: 0, flags: .syn, [])
        add(v6Server, v6Client, seq: 7, ack: 2, flags: [.syn, .ack], [])
        add(v6Client, v6Server, seq: 2, ack: 8, flags: [.ack, .psh], request)
        add(v6Server, v6Client, seq: 8, ack: 2 &+ UInt32(request.count), flags: [.ack, .psh, .fin], response)
        add(v6Client, v6Server, seq: 2 &+ UInt32(request.count), ack: 9 &+ UInt32(response.count), flags: [.ack, .fin], [])
        return Capture(name: "ipv6-extension-headers",
                       description: "genm/genp over IPv6 with hop-by-hop and destination options, BSD loopback link type",
                       linkType: .null, frames: frames)
    }

    /// Re-stamps frames 1 ms apart in their new order, as a capture would record them.
    static func retime(_ capture: Capture) -> Capture {
        var result = capture
        for index in result.frames.indices {
            result.frames[index].timestamp = Timestamp(seconds: 1_700_000_000, nanoseconds: Int32(index) * 1_000_000)
        }
        return result
    }

    static func pcapBytes(_ capture: Capture) -> [UInt8] {
        PcapWriter.pcap(frames: capture.frames, linkType: capture.linkType, nanosecond: false, bigEndian: false)
    }
}
