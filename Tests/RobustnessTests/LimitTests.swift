import CMPCapture
import CMPCore
import CMPPipeline
import CMPTestSupport
import XCTest

/// The crafted inputs of scripts/limits (which runs them full size against the release binary),
/// scaled down with smaller `Limits` so the suite checks each limit's finding in milliseconds.
final class LimitTests: XCTestCase {
    static let client = Endpoint(address: IPAddress(v4: (192, 0, 2, 10)), port: 40000)
    static let server = Endpoint(address: IPAddress(v4: (192, 0, 2, 1)), port: 80)
    /// `pkiconf` PKIMessage: header { pvno 2, sender/recipient directoryName (empty Name),
    /// transactionID [4] 16 bytes }, body [19] NULL (RFC 9810 §5.1, §5.3.18).
    static let pkiconf: [UInt8] = {
        let header: [UInt8] = [0x02, 0x01, 0x02, 0xA4, 0x02, 0x30, 0x00, 0xA4, 0x02, 0x30, 0x00,
                               0xA4, 0x12, 0x04, 0x10] + [UInt8](repeating: 0x11, count: 16)
        let body: [UInt8] = [0xB3, 0x02, 0x05, 0x00]
        let inner = [0x30, UInt8(header.count)] + header + body
        return [0x30, UInt8(inner.count)] + inner
    }()

    static func httpRequest(_ headers: String, body: [UInt8]) -> [UInt8] {
        Array("POST /pkix/ HTTP/1.1\r\nHost: ca\r\nContent-Type: application/pkixcmp\r\n\(headers)\r\n".utf8) + body
    }

    /// The messages of `frames`, and every finding code reported: on a message or, when no message
    /// could carry it, in the dissector's unattached findings.
    static func run(_ frames: [(timestamp: Timestamp, bytes: [UInt8])], limits: Limits = Limits())
        throws -> (messages: [DissectedMessage], codes: Set<String>) {
        var options = PipelineOptions()
        options.limits = limits
        var source = InMemoryFrameSource(frames: frames, linkType: .ethernet)
        var dissector = CaptureDissector(options: options)
        var messages = [DissectedMessage]()
        try dissector.run(&source) { message, _ in messages.append(message) }
        let codes = messages.flatMap { $0.findings.map(\.code.rawValue) } + dissector.unattachedFindings.counts.keys.map(\.rawValue)
        return (messages, Set(codes))
    }

    func testFlowTableCapEvictsTheLeastRecentlyActiveAndSaysSo() throws {
        var limits = Limits()
        limits.maxFlows = 16
        var first = TCPConversation(client: Self.client, server: Self.server)
        first.handshake()
        first.send(from: .client, Self.httpRequest("Content-Length: 1000\r\n", body: Array(Self.pkiconf.prefix(20))))
        var frames = first.frames
        // Then connections that open and are never heard of again, all later in capture time.
        for index in 0..<200 {
            var flow = TCPConversation(
                client: Endpoint(address: IPAddress(v4: (10, 0, UInt8(index >> 8), UInt8(index & 0xFF))), port: 1024),
                server: Self.server, start: Timestamp(seconds: 1_700_000_001 + Int64(index), nanoseconds: 0))
            flow.raw(from: .client, seq: 1, ack: 0, flags: .syn, payload: [])
            frames += flow.frames
        }
        let (messages, _) = try Self.run(frames, limits: limits)
        // The cut request is printed (as incomplete) with the limit that cut it.
        XCTAssertEqual(messages.count, 1)
        XCTAssertEqual(messages.first?.envelope.frames.first?.number, 4)
        let codes = Set(messages.flatMap { $0.findings.map(\.code.rawValue) })
        XCTAssertTrue(codes.isSuperset(of: ["tcp.limit", "http.content-length.mismatch"]), "\(codes)")
    }

    func testOutOfOrderDataThatNeverFillsItsGap() throws {
        var limits = Limits()
        limits.maxOutOfOrderBytesPerDirection = 64 * 1024
        var flow = TCPConversation(client: Self.client, server: Self.server)
        flow.handshake()
        let request = Self.httpRequest("Content-Length: \(Self.pkiconf.count)\r\n", body: Self.pkiconf)
        // 1000 bytes never arrive; then the request and 1 MiB after it, always ahead of the hole.
        var seq = flow.clientNext &+ 1000
        var frames = flow.frames
        var next = flow
        next.raw(from: .client, seq: seq, ack: 5001, flags: [.ack, .psh], payload: request)
        seq &+= UInt32(request.count)
        for _ in 0..<(1 << 20) / 1400 {
            next.raw(from: .client, seq: seq, ack: 5001, flags: .ack, payload: [UInt8](repeating: 0, count: 1400))
            seq &+= 1400
        }
        frames = next.frames
        let (messages, _) = try Self.run(frames, limits: limits)
        XCTAssertEqual(messages.first?.summary?.body, .pkiconf, "what follows the hole is still decoded")
        XCTAssertEqual(messages.first?.findings.first?.code.rawValue, "tcp.gap")
    }

    func testHTTPHeaderThatNeverEnds() throws {
        var limits = Limits()
        limits.maxHTTPHeaderBytes = 4096
        var flow = TCPConversation(client: Self.client, server: Self.server)
        flow.handshake()
        flow.send(from: .client, Array("POST /pkix/ HTTP/1.1\r\nX-Filler: ".utf8) + [UInt8](repeating: 0x61, count: 256 * 1024))
        flow.close()
        XCTAssertTrue(try Self.run(flow.frames, limits: limits).codes.contains("http.malformed"))
    }

    func testHugeContentLengthsAndChunkSizes() throws {
        let cases: [(headers: String, body: [UInt8], code: String)] = [
            ("Content-Length: 9223372036854775808\r\n", Self.pkiconf, "pdu.limit"),  // 2^63
            ("Content-Length: 18446744073709551616\r\n", Self.pkiconf, "http.malformed"),  // 2^64: overflows
            ("Transfer-Encoding: chunked\r\n", Array("10000000000000000\r\n".utf8) + Self.pkiconf, "http.malformed"),
        ]
        for (headers, body, code) in cases {
            var flow = TCPConversation(client: Self.client, server: Self.server)
            flow.handshake()
            flow.send(from: .client, Self.httpRequest(headers, body: body + [UInt8](repeating: 0, count: 4096)))
            flow.close()
            XCTAssertTrue(try Self.run(flow.frames).codes.contains(code), headers)
        }
    }

    func testTCPMessagingLengthOf4GiB() throws {
        for header: [UInt8] in [[0xFF, 0xFF, 0xFF, 0xFF, 0x0A, 0x00, 0x00], [0xFF, 0xFF, 0xFF, 0xFF, 0x00]] {
            var flow = TCPConversation(client: Self.client, server: Endpoint(address: Self.server.address, port: 829))
            flow.handshake()
            flow.send(from: .client, header + Self.pkiconf + [UInt8](repeating: 0, count: 64 * 1024))
            flow.close()
            XCTAssertTrue(try Self.run(flow.frames).codes.contains("pdu.limit"), "\(header)")
        }
    }
}
