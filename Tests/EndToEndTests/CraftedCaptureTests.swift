import CMPCore
import CMPMessages
import CMPPipeline
import CMPTestSupport
import Foundation
import XCTest

/// The crafted captures through the whole pipeline, each with what its construction implies.
final class CraftedCaptureTests: XCTestCase {
    static let directory = Fixtures.root.appendingPathComponent("crafted")

    /// The committed files are exactly what the builder makes (so their tshark decodings beside them
    /// describe these bytes); CMPDISSECT_UPDATE_GOLDENS=1 rewrites them.
    func testCommittedCraftedCapturesMatchTheBuilder() throws {
        for capture in CraftedCaptures.all {
            let url = Self.directory.appendingPathComponent("\(capture.name).pcap")
            let bytes = CraftedCaptures.pcapBytes(capture)
            if Golden.updating {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
                continue
            }
            let committed = try [UInt8](Data(contentsOf: url))
            XCTAssertEqual(committed, bytes, "\(capture.name).pcap differs from what CraftedCaptures builds")
        }
    }

    private func dissect(_ name: String) throws -> [DissectedMessage] {
        try Fixtures.dissect(Self.directory.appendingPathComponent("\(name).pcap")).messages
    }

    private func bodies(_ messages: [DissectedMessage]) -> [String] { messages.map { $0.summary?.body?.name ?? "-" } }

    /// The transactionID of a fixture message, decoded on its own: the crafted capture must carry it unchanged.
    private func transactionID(of fixture: String) -> [UInt8]? {
        CMPSummaryDecoder().decode(CraftedCaptures.message(fixture)).summary.transactionID
    }

    private func codes(_ message: DissectedMessage) -> Set<String> { Set(message.findings.map(\.code.rawValue)) }

    private func assertClean(_ messages: [DissectedMessage], file: StaticString = #filePath, line: UInt = #line) {
        for message in messages {
            XCTAssertNil(message.summary?.error, "frame \(message.envelope.completingFrame?.number ?? 0)", file: file, line: line)
            XCTAssertFalse(message.findings.contains { $0.severity >= .warning && $0.code.rawValue.hasPrefix("tcp.") },
                           "\(message.findings)", file: file, line: line)
        }
    }

    func testReorderedSegments() throws {
        let messages = try dissect("http-reordered")
        XCTAssertEqual(bodies(messages), ["ir", "ip"])
        XCTAssertEqual(messages.first?.summary?.transactionID, transactionID(of: "ir-pbm"))
        XCTAssertEqual(messages.first?.summary?.length, CraftedCaptures.message("ir-pbm").count)
        // The ir's three segments are frames 4-6 and the ip's four 7-10, shuffled and reversed: each
        // message completes with the last of its frames to arrive, not with its last stream byte.
        XCTAssertEqual(messages.map { $0.envelope.completingFrame?.number }, [6, 10])
        assertClean(messages)
    }

    func testConflictingRetransmissionKeepsTheFirstCopy() throws {
        let messages = try dissect("http-retransmit-conflict")
        XCTAssertEqual(bodies(messages), ["ir", "ip"])
        XCTAssertTrue(codes(messages[0]).contains("tcp.overlap.conflict"))
        XCTAssertNil(messages[0].summary?.error, "the first copy is the intact one")
        XCTAssertEqual(messages[0].summary?.transactionID, transactionID(of: "ir-pbm"))
    }

    func testLostSegmentGivesAPartialMessageThenResynchronises() throws {
        let messages = try dissect("http-lost-segment")
        // The ip is known to be cut only when server bytes after the hole arrive (the genp), so it is
        // reported after the genm request that completed in between.
        XCTAssertEqual(bodies(messages), ["ir", "genm", "ip", "genp"])
        XCTAssertTrue(codes(messages[2]).contains("tcp.gap"))
        XCTAssertTrue(codes(messages[2]).contains("asn1.malformed"))
        XCTAssertNotNil(messages[2].summary?.error, "the ip is cut by the gap")
        XCTAssertEqual(messages[2].summary?.transactionID, transactionID(of: "ip-pbm"), "what came before the gap still decodes")
        XCTAssertEqual(messages[1].summary?.transactionID, transactionID(of: "genm-pbm"))
        XCTAssertEqual(messages[3].summary?.transactionID, transactionID(of: "genp-pbm"))
        assertClean([messages[0], messages[1], messages[3]])
    }

    func testCaptureStartingMidStream() throws {
        let messages = try dissect("http-mid-stream")
        XCTAssertEqual(bodies(messages), ["ip", "genm", "genp"])
        XCTAssertEqual(messages.first?.envelope.transport.http?.status, 200)
        assertClean(messages)
    }

    func testSequenceWraparound() throws {
        let messages = try dissect("http-wraparound")
        XCTAssertEqual(bodies(messages), ["ir", "ip"])
        XCTAssertGreaterThan(messages.first?.envelope.frames.count ?? 0, 4, "the ir spans many 100-byte segments")
        assertClean(messages)
    }

    func testChunkedResponse() throws {
        let messages = try dissect("http-chunked")
        XCTAssertEqual(bodies(messages), ["ir", "ip"])
        XCTAssertEqual(messages.last?.envelope.transport.http?.chunked, true)
        XCTAssertEqual(messages.last?.summary?.transactionID, transactionID(of: "ip-pbm"))
        assertClean(messages)
    }

    func testPipelinedRequestsArePairedInOrder() throws {
        let messages = try dissect("http-pipelined")
        XCTAssertEqual(bodies(messages), ["ir", "genm", "ip", "genp"])
        XCTAssertEqual(messages.map { $0.envelope.transport.http?.uri }, ["/first", "/second", "/first", "/second"])
        XCTAssertEqual(messages[2].envelope.transport.http?.method, "POST")
        assertClean(messages)
    }

    func testContentTypeVariants() throws {
        let messages = try dissect("http-content-types")
        XCTAssertEqual(bodies(messages), ["ir", "ip", "certConf", "pkiconf"])
        XCTAssertTrue(codes(messages[0]).contains("http.content-type.missing"))
        XCTAssertTrue(codes(messages[1]).contains("http.content-type.wrong"))
        XCTAssertTrue(codes(messages[2]).contains("http.content-type.legacy"))
        XCTAssertTrue(codes(messages[3]).contains("http.status.not-200"))
    }

    func testOddPortWithExpectContinue() throws {
        let messages = try dissect("http-odd-port-100-continue")
        XCTAssertEqual(bodies(messages), ["p10cr", "cp"])
        XCTAssertEqual(messages.first?.envelope.destination?.port, 4711)
        XCTAssertEqual(messages.last?.envelope.transport.http?.status, 200, "the interim 100 Continue is skipped")
        assertClean(messages)
    }

    func testReusedFourTupleIsTwoConnections() throws {
        let messages = try dissect("tcpmsg-reused-tuple")
        XCTAssertEqual(bodies(messages), ["ir", "ip", "certConf", "pkiconf"])
        XCTAssertEqual(messages.map(\.envelope.connectionIndex), [0, 0, 1, 1])
        XCTAssertEqual(messages.map { $0.envelope.transport.tcpMessaging?.typeName }, ["pkiMsg", "finalMsgRep", "pkiMsg", "finalMsgRep"])
        assertClean(messages)
    }

    func testVLANTags() throws {
        let messages = try dissect("vlan-qinq")
        XCTAssertEqual(bodies(messages), ["rr", "rp"])
        assertClean(messages)
    }

    func testIPv4FragmentsOnRawIP() throws {
        let messages = try dissect("ipv4-fragments")
        XCTAssertEqual(bodies(messages), ["ir", "ip"])
        XCTAssertEqual(messages.first?.summary?.transactionID, transactionID(of: "ir-pbm"))
        assertClean(messages)
    }

    func testIPv6ExtensionHeadersOnNullLoopback() throws {
        let messages = try dissect("ipv6-extension-headers")
        XCTAssertEqual(bodies(messages), ["genm", "genp"])
        XCTAssertEqual(messages.first?.envelope.source?.description, "[2001:db8::10]:50000")
        assertClean(messages)
    }

    func testCaptureFilterAppliesToFilesAndKeepsFrameNumbers() throws {
        let url = Fixtures.captures.appendingPathComponent("several-tx.pcap")
        var all = [DissectedMessage]()
        try InputDissection.dissect(path: url.path, filter: nil, options: PipelineOptions()) { message, _ in all.append(message) }
        var filtered = [DissectedMessage]()
        let port = all[4].envelope.source?.port ?? 0
        try InputDissection.dissect(path: url.path, filter: "tcp port \(port)", options: PipelineOptions()) { message, _ in
            filtered.append(message)
        }
        XCTAssertEqual(filtered.map { $0.summary?.body?.name }, ["ir", "ip", "certConf", "pkiconf"])
        XCTAssertEqual(filtered.map { $0.envelope.completingFrame?.number }, all[4..<8].map { $0.envelope.completingFrame?.number })
    }

    func testMaxMessages() throws {
        var options = PipelineOptions()
        options.maxMessages = 3
        let messages = try Fixtures.dissect(Fixtures.captures.appendingPathComponent("polling.pcap"), options: options).messages
        XCTAssertEqual(bodies(messages), ["ir", "ip", "pollReq"])
    }
}

/// Findings that no message carries still reach the end-of-run report.
final class UnattachedFindingTests: XCTestCase {
    func testEvictedConnectionsAreReported() throws {
        var options = PipelineOptions()
        options.limits.maxFlows = 4
        var frames = [(timestamp: Timestamp, bytes: [UInt8])]()
        for index in 0..<20 {
            var c = TCPConversation(client: Endpoint("192.0.2.\(index + 10)", 40000), server: CraftedCaptures.server,
                                    start: Timestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 0))
            c.handshake()
            frames += c.frames
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evictions-\(UUID().uuidString).pcap")
        try Data(PcapWriter.pcap(frames: frames, linkType: .ethernet)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try InputDissection.dissect(path: url.path, filter: nil, options: options) { _, _ in }
        XCTAssertEqual(report.framesSeen, 60)
        XCTAssertGreaterThanOrEqual(report.unattachedFindings.counts[.tcpLimit] ?? 0, 16)
        XCTAssertTrue(report.unattachedFindings.lines.first?.hasPrefix("warning: tcp.limit ×") ?? false)
    }
}
