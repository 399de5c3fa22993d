import CMPCapture
import CMPCore
import CMPOutput
import CMPPipeline
import CMPTestSupport
import Foundation
import XCTest

/// `-w`: the pcapng writer's bytes, the frame spool, and the connection selection, read back with
/// our reader (and with tshark when it is installed).
final class CaptureWriterTests: XCTestCase {
    func testPcapngBlockLayout() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("one.pcapng").path
        do {
            let writer = try PcapngWriter(path: path)
            let payload: [UInt8] = [1, 2, 3, 4, 5]
            try payload.withUnsafeBytes {
                try writer.write(timestamp: Timestamp(seconds: 2, nanoseconds: 5), linkType: .ethernet, originalLength: 9, bytes: $0)
            }
            try writer.flush()
        }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        // SHB: type, length, byte-order magic, version, section length (8) = 24; shb_userappl
        // option 4 + "cmpdissect" padded to 12; end of options 4; trailing length 4: 48.
        XCTAssertEqual(u32(0), 0x0A0D_0D0A)
        XCTAssertEqual(u32(4), 48)
        XCTAssertEqual(u32(8), 0x1A2B_3C4D)
        XCTAssertEqual(u32(44), 48, "trailing length repeats the leading one")
        // IDB at 48: type, length, link type + reserved, snap length = 16; if_tsresol 4 + 1 padded
        // to 4; end of options 4; trailing length 4: 32.
        XCTAssertEqual(u32(48), 1)
        XCTAssertEqual(u32(52), 32)
        XCTAssertEqual(bytes[56], 1, "link type Ethernet")
        XCTAssertEqual(u32(60), 262_144)
        XCTAssertEqual(Array(bytes[64..<69]), [9, 0, 1, 0, 9], "if_tsresol = 9 (nanoseconds)")
        // EPB at 80: type, length, interface, timestamp high and low, captured and original
        // lengths = 28; 5 bytes padded to 8; trailing length 4: 40.
        XCTAssertEqual(u32(80), 6)
        XCTAssertEqual(u32(84), 40)
        XCTAssertEqual(u32(88), 0, "interface 0")
        XCTAssertEqual(u32(92), 0, "timestamp high word")
        XCTAssertEqual(u32(96), 2_000_000_005, "timestamp low word: 2 s + 5 ns in nanoseconds")
        XCTAssertEqual(u32(100), 5, "captured length")
        XCTAssertEqual(u32(104), 9, "original length")
        XCTAssertEqual(Array(bytes[108..<113]), [1, 2, 3, 4, 5])
        XCTAssertEqual(u32(116), 40)
        XCTAssertEqual(bytes.count, 120)

        // libpcap reads it back, with the nanoseconds and the original length.
        let source = try PcapFileSource(path: path)
        let frame = try XCTUnwrap(try source.nextFrame())
        XCTAssertEqual(frame.timestamp, Timestamp(seconds: 2, nanoseconds: 5))
        XCTAssertEqual(frame.originalLength, 9)
        XCTAssertEqual(Array(frame.bytes), [1, 2, 3, 4, 5])
        XCTAssertNil(try source.nextFrame())
    }

    /// Inputs with different link layers share one file: one interface block per link type.
    /// (libpcap 1.10 refuses such files; tshark and Wireshark read them.)
    func testOneInterfacePerLinkType() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("two.pcapng").path
        var ethernet = TCPConversation(client: Endpoint(address: .v4(0x0A00_0001), port: 1000),
                                       server: Endpoint(address: .v4(0x0A00_0002), port: 80))
        ethernet.handshake()
        var cooked = TCPConversation(client: Endpoint(address: .v4(0x0A00_0003), port: 1001),
                                     server: Endpoint(address: .v4(0x0A00_0004), port: 80), link: .sll2)
        cooked.handshake()
        do {
            let writer = try PcapngWriter(path: path)
            for (frame, link) in zip(ethernet.frames + cooked.frames + ethernet.frames.prefix(1),
                                     [LinkType](repeating: .ethernet, count: 3) + [LinkType](repeating: .linuxSLL2, count: 3) + [.ethernet]) {
                try frame.bytes.withUnsafeBytes {
                    try writer.write(timestamp: frame.timestamp, linkType: link, originalLength: frame.bytes.count, bytes: $0)
                }
            }
            try writer.flush()
            XCTAssertEqual(writer.framesWritten, 7)
        }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // Walk the blocks: SHB, IDB(Ethernet), 3 EPBs, IDB(SLL2), 4 EPBs with interfaces 0,0,0,1,1,1,0.
        var offset = 0, types = [UInt32](), interfaces = [UInt32]()
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        while offset + 12 <= bytes.count {
            let type = u32(offset), length = Int(u32(offset + 4))
            XCTAssertEqual(length % 4, 0)
            XCTAssertEqual(u32(offset + length - 4), UInt32(length))
            types.append(type)
            if type == 6 { interfaces.append(u32(offset + 8)) }
            offset += length
        }
        XCTAssertEqual(offset, bytes.count)
        XCTAssertEqual(types, [0x0A0D_0D0A, 1, 6, 6, 6, 1, 6, 6, 6, 6])
        XCTAssertEqual(interfaces, [0, 0, 0, 1, 1, 1, 0])
        if let tshark = TestFixtures.tool("tshark") {
            let result = try TestFixtures.run(tshark, ["-r", path, "-T", "fields", "-e", "frame.interface_id", "-e", "tcp.srcport"])
            XCTAssertEqual(result.status, 0, result.error)
            XCTAssertEqual(result.output.split(separator: "\n"), ["0\t1000", "0\t80", "0\t1000", "1\t1001", "1\t80", "1\t1001", "0\t1000"])
        }
    }

    /// No CMP in the input: the output is still a capture every reader opens, with no packets.
    func testNoCMPGivesAnEmptyReadableCapture() throws {
        var web = TCPConversation(client: Endpoint(address: .v4(0x0A00_0005), port: 40000),
                                  server: Endpoint(address: .v4(0x0A00_0009), port: 80), link: .sll2)
        web.handshake()
        web.send(from: .client, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        web.close()
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("web.pcap"), output = directory.appendingPathComponent("none.pcapng")
        try Data(PcapWriter.pcap(frames: web.frames, linkType: .linuxSLL2)).write(to: input)
        let recorder = try CMPConnectionRecorder(writer: PcapngWriter(path: output.path))
        try InputDissection.dissect(path: input.path, filter: nil, options: PipelineOptions(),
                                    observe: { recorder.observe($0, flow: $1) }) { message, _ in recorder.noteMessage(message) }
        try recorder.endInput()
        XCTAssertEqual(recorder.framesSaved, 0)
        let source = try PcapFileSource(path: output.path)
        XCTAssertEqual(source.linkType, .linuxSLL2, "the interface block has the input's link type")
        XCTAssertNil(try source.nextFrame())
    }

    func testSpoolRoundTrip() throws {
        let spool = try FrameSpool()
        let frames: [(UInt32, [UInt8], Timestamp)] = [
            (7, [0xAA], Timestamp(seconds: 1, nanoseconds: 2)), (UInt32.max, [], Timestamp(seconds: 3, nanoseconds: 4)),
            (0, Array(repeating: 0x55, count: 70_000), Timestamp(seconds: -5, nanoseconds: 999_999_999)),
        ]
        for (tag, bytes, time) in frames {
            bytes.withUnsafeBytes {
                spool.append(Frame(ref: FrameRef(number: 1, timestamp: time), linkType: .linuxSLL2, originalLength: bytes.count + 1,
                                   bytes: $0), tag: tag)
            }
        }
        var seen = [(UInt32, [UInt8], Timestamp, Int, LinkType)]()
        try spool.replay { tag, frame in seen.append((tag, Array(frame.bytes), frame.timestamp, frame.originalLength, frame.linkType)) }
        XCTAssertEqual(seen.map(\.0), frames.map(\.0))
        XCTAssertEqual(seen.map(\.1), frames.map(\.1))
        XCTAssertEqual(seen.map(\.2), frames.map(\.2))
        XCTAssertEqual(seen.map(\.3), frames.map { $0.1.count + 1 })
        XCTAssertEqual(Set(seen.map(\.4.rawValue)), [LinkType.linuxSLL2.rawValue])
        var again = 0
        try spool.replay { _, _ in again += 1 }
        XCTAssertEqual(again, 0, "a replay empties the spool for the next input")
    }

    /// A CMP connection between two non-CMP connections: only the CMP one is written, whole.
    func testOnlyConnectionsThatCarriedCMPAreWritten() throws {
        let ir = try TestFixtures.message("ir-pbm.der"), ip = try TestFixtures.message("ip-pbm.der")
        let start = Timestamp(seconds: 1_700_000_000, nanoseconds: 0)
        var web = TCPConversation(client: Endpoint(address: .v4(0x0A00_0005), port: 40000),
                                  server: Endpoint(address: .v4(0x0A00_0009), port: 80), start: start)
        web.handshake()
        web.send(from: .client, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        web.send(from: .server, Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".utf8))
        web.close()
        var cmp = TCPConversation(client: Endpoint(address: .v4(0x0A00_0005), port: 40001),
                                  server: Endpoint(address: .v4(0x0A00_0001), port: 8080),
                                  start: Timestamp(seconds: 1_700_000_001, nanoseconds: 0))
        cmp.handshake()
        cmp.send(from: .client, Array("POST /pkix/ HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nContent-Length: \(ir.count)\r\n\r\n".utf8) + ir)
        cmp.send(from: .server, Array("HTTP/1.1 200 OK\r\nContent-Type: application/pkixcmp\r\nContent-Length: \(ip.count)\r\n\r\n".utf8) + ip)
        cmp.close()
        var other = TCPConversation(client: Endpoint(address: .v4(0x0A00_0005), port: 40002),
                                    server: Endpoint(address: .v4(0x0A00_0007), port: 22),
                                    start: Timestamp(seconds: 1_700_000_002, nanoseconds: 0))
        other.handshake()
        other.send(from: .client, Array("SSH-2.0-test\r\n".utf8))
        other.close()
        let all = web.frames + cmp.frames + other.frames

        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("mixed.pcap"), output = directory.appendingPathComponent("cmp.pcapng")
        try Data(PcapWriter.pcap(frames: all, linkType: .ethernet)).write(to: input)
        let recorder = try CMPConnectionRecorder(writer: PcapngWriter(path: output.path))
        var emitted = [DissectedMessage]()
        try InputDissection.dissect(path: input.path, filter: nil, options: PipelineOptions(),
                                    observe: { recorder.observe($0, flow: $1) }) { message, _ in
            recorder.noteMessage(message)
            emitted.append(message)
        }
        try recorder.endInput()
        XCTAssertEqual(emitted.map { $0.summary?.body }, [.ir, .ip])
        XCTAssertEqual(recorder.framesSaved, cmp.frames.count)

        // Read back: exactly the CMP connection's frames, byte for byte, and the same messages.
        let source = try PcapFileSource(path: output.path)
        var readBack = [[UInt8]]()
        while let frame = try source.nextFrame() { readBack.append(Array(frame.bytes)) }
        XCTAssertEqual(readBack, cmp.frames.map(\.bytes))
        let reread = try TestFixtures.dissect(output.path)
        XCTAssertEqual(reread.messages.map(\.summary), emitted.map(\.summary))
        XCTAssertEqual(reread.messages.map(\.envelope.pkiMessage), [ir, ip])

        if let tshark = TestFixtures.tool("tshark") {
            let result = try TestFixtures.run(tshark, ["-r", output.path, "-T", "fields", "-e", "tcp.srcport"])
            XCTAssertEqual(result.status, 0, result.error)
            XCTAssertEqual(Set(result.output.split(separator: "\n")), ["40001", "8080"])
        }
    }

    /// Runs `file` through the pipeline with a recorder in spool or re-read mode; the bytes written.
    func record(_ file: String, filter: String?, rereading: Bool, into output: URL) throws -> [UInt8] {
        let recorder = try CMPConnectionRecorder(writer: PcapngWriter(path: output.path))
        recorder.beginInput(rereading: rereading ? file : nil, filter: filter)
        do {
            try InputDissection.dissect(path: file, filter: filter, options: PipelineOptions(),
                                        observe: { recorder.observe($0, flow: $1) }) { message, _ in recorder.noteMessage(message) }
        } catch {
            // A capture that ends early is recorded up to where it ends.
        }
        try recorder.endInput()
        try recorder.writer.flush()
        return Array(try Data(contentsOf: output))
    }

    /// Reading a capture file a second time writes exactly what spooling it writes, with and
    /// without a capture filter (the filter must select the same frames in both passes).
    func testRereadingEqualsSpooling() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = try FileManager.default.contentsOfDirectory(atPath: TestFixtures.captures.path)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
        for name in names {
            for filter in [nil, "tcp[tcpflags] & tcp-syn == 0"] as [String?] {
                let file = TestFixtures.capture(name).path
                let spooled = try record(file, filter: filter, rereading: false, into: directory.appendingPathComponent("a.pcapng"))
                let reread = try record(file, filter: filter, rereading: true, into: directory.appendingPathComponent("b.pcapng"))
                XCTAssertEqual(spooled, reread, "\(name) \(filter ?? "")")
                // (The filter's tcp[] offsets are IPv4-only: on ipv6.pcap it keeps nothing, which both modes agree on.)
                if filter == nil { XCTAssertGreaterThan(spooled.count, 100, name) }
            }
        }
    }

    /// Every fixture capture, written with -w and read again, gives the same CMP messages.
    func testFixtureCapturesSurviveRewriting() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = try FileManager.default.contentsOfDirectory(atPath: TestFixtures.captures.path)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
        XCTAssertGreaterThan(names.count, 10)
        for name in names {
            let output = directory.appendingPathComponent(name + ".out.pcapng")
            let recorder = try CMPConnectionRecorder(writer: PcapngWriter(path: output.path))
            var original = [DissectedMessage]()
            do {
                try InputDissection.dissect(path: TestFixtures.capture(name).path, filter: nil, options: PipelineOptions(),
                                            observe: { recorder.observe($0, flow: $1) }) { message, _ in
                    recorder.noteMessage(message)
                    original.append(message)
                }
            } catch {
                // Truncated fixtures end early on purpose; what was read is still written.
            }
            try recorder.endInput()
            let reread = try TestFixtures.dissect(output.path)
            XCTAssertEqual(reread.messages.map(\.summary), original.map(\.summary), name)
            XCTAssertEqual(reread.messages.map(\.envelope.transport.name), original.map(\.envelope.transport.name), name)
        }
    }
}
