import CMPCore
@testable import CMPTransport
import CMPTestSupport
import XCTest

/// Byte builders and a driver that feeds scripted connections into a `TransportSession`.
enum Wire {
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// A fake PKIMessage of `size` bytes that passes the structural check:
    /// `30 L 30 03 02 01 02 <filler>`: SEQUENCE { SEQUENCE { INTEGER 2 } … }.
    static func der(size: Int = 13, fill: UInt8 = 0xA5) -> [UInt8] {
        precondition(size >= 7)
        func withHeader(_ content: Int) -> [UInt8] {
            if content < 0x80 { return [0x30, UInt8(content)] }
            if content < 0x100 { return [0x30, 0x81, UInt8(content)] }
            if content < 0x10000 { return [0x30, 0x82, UInt8(content >> 8), UInt8(content & 0xFF)] }
            return [0x30, 0x83, UInt8(content >> 16), UInt8(content >> 8 & 0xFF), UInt8(content & 0xFF)]
        }
        var content = size - 2
        while withHeader(content).count + content != size { content -= 1 }
        return withHeader(content) + [0x30, 0x03, 0x02, 0x01, 0x02] + Array(repeating: fill, count: content - 5)
    }

    static func rfc2510(type: UInt8, _ value: [UInt8]) -> [UInt8] {
        be32(UInt32(value.count + 1)) + [type] + value
    }

    static func v10(type: UInt8, flags: UInt8 = 0, _ value: [UInt8]) -> [UInt8] {
        be32(UInt32(value.count + 3)) + [10, flags, type] + value
    }

    static func request(_ method: String = "POST", _ uri: String = "/.well-known/cmp", version: String = "1.1",
                        contentType: String? = "application/pkixcmp", body: [UInt8], extraHeaders: [String] = [],
                        contentLength: Bool = true) -> [UInt8] {
        var head = "\(method) \(uri) HTTP/\(version)\r\nHost: ca.example\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if contentLength { head += "Content-Length: \(body.count)\r\n" }
        for header in extraHeaders { head += header + "\r\n" }
        return ascii(head + "\r\n") + body
    }

    static func response(_ status: Int = 200, _ reason: String = "OK", version: String = "1.1",
                         contentType: String? = "application/pkixcmp", body: [UInt8], extraHeaders: [String] = [],
                         contentLength: Bool = true) -> [UInt8] {
        var head = "HTTP/\(version) \(status) \(reason)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if contentLength { head += "Content-Length: \(body.count)\r\n" }
        for header in extraHeaders { head += header + "\r\n" }
        return ascii(head + "\r\n") + body
    }
}

/// One step of a scripted connection.
enum Step {
    case data(Direction, [UInt8])
    case gap(Direction, UInt64)
    case finish(Direction)

    static func c(_ bytes: [UInt8]) -> Step { .data(.clientToServer, bytes) }
    static func s(_ bytes: [UInt8]) -> Step { .data(.serverToClient, bytes) }
}

/// How data steps are cut into appends.
enum Split {
    case whole
    case byteByByte
    case random(seed: UInt64)
}

/// What an envelope says, without its frames (which depend on how the bytes were cut).
struct EnvelopeSummary: Equatable, CustomStringConvertible {
    var transport: TransportInfo
    var direction: Direction?
    var source: Endpoint?
    var streamOffset: UInt64?
    var pkiMessage: [UInt8]?
    var findings: [Finding]

    init(_ envelope: CMPEnvelope) {
        // A response's requestFrame is a frame number, which depends on how the bytes were cut.
        switch envelope.transport {
        case .http(var info):
            info.requestFrame = nil
            transport = .http(info)
        case .tcpMessaging(let tcp, var info):
            info?.requestFrame = nil
            transport = .tcpMessaging(tcp, http: info)
        case .file:
            transport = .file
        }
        direction = envelope.direction
        source = envelope.source
        streamOffset = envelope.streamOffset
        pkiMessage = envelope.pkiMessage
        findings = envelope.findings
    }

    var description: String {
        "\(transport.name) \(String(describing: direction)) off=\(String(describing: streamOffset)) pki=\(pkiMessage?.count ?? -1) \(findings.map(\.code.rawValue))"
    }
}

let clientEndpoint = Endpoint(address: .v4(0x0A00_0005), port: 51522)
let serverEndpoint = Endpoint(address: .v4(0x0A00_0001), port: 8080)

/// Drives a session over a script: one StreamBuffer per direction, a new frame per append.
struct Driver {
    var session: TransportSession
    var buffers = [StreamBuffer(), StreamBuffer()]
    var envelopes: [CMPEnvelope] = []
    var nextFrame = 1
    /// Largest `readableBytes` seen after a `receive`, per direction.
    var peakReadable = [0, 0]

    init(decodeAs: TransportHint? = nil, limits: Limits = Limits(), client: Endpoint = clientEndpoint,
         server: Endpoint = serverEndpoint) {
        session = TransportSession(connectionIndex: 3, client: client, server: server, decodeAs: decodeAs, limits: limits)
    }

    mutating func append(_ bytes: [UInt8], _ direction: Direction, frame: Int? = nil) {
        let number = frame ?? nextFrame
        nextFrame = number + 1
        let side = direction.rawValue
        buffers[side].append(bytes, from: FrameRef(number: number, timestamp: Timestamp(seconds: Int64(number), nanoseconds: 0)))
        session.receive(&buffers[side], direction: direction) { envelopes.append($0) }
        peakReadable[side] = Swift.max(peakReadable[side], buffers[side].readableBytes)
    }

    mutating func run(_ steps: [Step], split: Split = .whole) -> [CMPEnvelope] {
        var generator = SeededGenerator(seed: { if case .random(let seed) = split { return seed } else { return 0 } }())
        for step in steps {
            switch step {
            case .data(let direction, let bytes):
                switch split {
                case .whole:
                    append(bytes, direction)
                case .byteByByte:
                    for byte in bytes { append([byte], direction) }
                case .random:
                    var start = 0
                    while start < bytes.count {
                        let count = Int.random(in: 1...Swift.max(1, Swift.min(bytes.count - start, 40)), using: &generator)
                        append(Array(bytes[start..<(start + count)]), direction)
                        start += count
                    }
                }
            case .gap(let direction, let lost):
                session.gap(&buffers[direction.rawValue], direction: direction, lostBytes: lost) { envelopes.append($0) }
            case .finish(let direction):
                session.finish(&buffers[direction.rawValue], direction: direction) { envelopes.append($0) }
            }
        }
        return envelopes
    }

    /// Runs `steps` whole, byte by byte and at seeded random splits; fails unless all agree.
    static func runAllSplits(_ steps: [Step], decodeAs: TransportHint? = nil, limits: Limits = Limits(),
                             file: StaticString = #filePath, line: UInt = #line) -> [CMPEnvelope] {
        var reference = Driver(decodeAs: decodeAs, limits: limits)
        let whole = reference.run(steps, split: .whole)
        let expected = whole.map(EnvelopeSummary.init)
        for split in [Split.byteByByte, .random(seed: 1), .random(seed: 42), .random(seed: 0xC0FFEE)] {
            var driver = Driver(decodeAs: decodeAs, limits: limits)
            let got = driver.run(steps, split: split).map(EnvelopeSummary.init)
            XCTAssertEqual(got, expected, "split \(split) differs", file: file, line: line)
        }
        return whole
    }
}

extension CMPEnvelope {
    var codes: Set<String> { Set(findings.map(\.code.rawValue)) }
}
