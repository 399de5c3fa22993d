import CMPCapture
import CMPCore
import CMPOutput
import CMPPipeline
import Foundation
import XCTest

/// A real capture on the loopback interface: a CMP exchange over HTTP and one over TCP-Messaging,
/// run by peers inside the test from fixture messages, captured live with a port filter while
/// `-w` records it. The live summary must equal the summary of the written file, and the CMP facts
/// must equal those of the fixture messages the peers sent.
///
/// Skipped, with the reason, where capturing is not permitted (CI runs as root).
final class LiveLoopbackTests: XCTestCase {
    /// Collects what the capture thread produced.
    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var messages: [DissectedMessage] = []
        var start: Timestamp?
        var error: Error?
        var count: Int { lock.withLock { messages.count } }
    }

    /// Hands the source and recorder to the capture thread, which alone uses them until it ends.
    struct Handoff: @unchecked Sendable {
        let source: PcapLiveSource
        let recorder: CMPConnectionRecorder
    }

    /// Opens `lo`, or skips the test saying why capturing is not possible.
    static func openLoopback(filter: String) throws -> PcapLiveSource {
        let opened: Result<PcapLiveSource, InputError> = Result { () throws(InputError) in
            try LiveDissection.open(interface: "lo", filter: filter, promiscuous: false)
        }
        switch opened {
        case .success(let source):
            return source
        case .failure(let error):
            let kind = error.captureError?.kind
            if kind == .permissionDenied || kind == .noSuchInterface || kind == .interfaceDown {
                throw XCTSkip("live capture on lo is not possible here (\(error)); run as root or with CAP_NET_RAW and CAP_NET_ADMIN")
            }
            throw error
        }
    }

    func testLiveCaptureEqualsWrittenFileAndFixtures() throws {
        let ir = try TestFixtures.message("ir-pbm.der"), ip = try TestFixtures.message("ip-pbm.der")
        let cr = try TestFixtures.message("cr-pbm.der"), cp = try TestFixtures.message("cp-pbm.der")
        let httpPeer = try LoopbackPeer(kind: .http, response: ip)
        let tcpPeer = try LoopbackPeer(kind: .tcpMessaging, response: cp)
        let filter = "tcp port \(httpPeer.port) or tcp port \(tcpPeer.port)"

        let source = try Self.openLoopback(filter: filter)
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = directory.appendingPathComponent("live.pcapng")
        let recorder = try CMPConnectionRecorder(writer: PcapngWriter(path: written.path))

        let box = Box()
        let finished = DispatchSemaphore(value: 0)
        let stopper = source.stopper
        let handoff = Handoff(source: source, recorder: recorder)
        let capture = Thread {
            let source = handoff.source, recorder = handoff.recorder
            do {
                try LiveDissection.run(source, options: PipelineOptions(), observe: { recorder.observe($0, flow: $1) }) { message, start in
                    recorder.noteMessage(message)
                    box.lock.withLock {
                        box.messages.append(message)
                        box.start = start
                    }
                }
                try recorder.endInput()
            } catch {
                box.lock.withLock { box.error = error }
            }
            finished.signal()
        }
        capture.start()

        let httpAnswer = try httpPeer.exchange(ir)
        let tcpAnswer = try tcpPeer.exchange(cr)
        XCTAssertTrue(httpAnswer.suffix(ip.count).elementsEqual(ip), "the HTTP peer answered with the ip fixture")
        XCTAssertTrue(tcpAnswer.suffix(cp.count).elementsEqual(cp))
        // Messages stream as they complete: all four arrive before the capture is stopped.
        let deadline = Date().addingTimeInterval(10)
        while box.count < 4 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(box.count, 4, "every message was emitted while capturing, before the stop")
        Thread.sleep(forTimeInterval: 0.2)  // let the FINs in
        stopper.stop()  // what SIGINT does
        XCTAssertEqual(finished.wait(timeout: .now() + 10), .success, "the capture stops when asked")
        if let error = box.error { throw error }

        let live = box.lock.withLock { (box.messages, box.start) }
        XCTAssertEqual(live.0.map { $0.summary?.body?.name }, ["ir", "ip", "cr", "cp"])
        XCTAssertEqual(live.0.map(\.envelope.transport.name), ["http", "http", "tcpmsg", "tcpmsg"])
        XCTAssertEqual(live.0.map { $0.envelope.destination?.port },
                       [httpPeer.port, live.0[1].envelope.destination?.port, tcpPeer.port, live.0[3].envelope.destination?.port])
        XCTAssertEqual(live.0.map { $0.envelope.source?.port }[1], httpPeer.port, "the ip answer comes from the server")
        XCTAssertEqual(live.0.map { $0.envelope.source?.port }[3], tcpPeer.port)

        // The written file gives the same summary lines, frame numbers and times included.
        let reread = try TestFixtures.dissect(written.path)
        XCTAssertEqual(TestFixtures.summaries(reread.messages, start: reread.start),
                       TestFixtures.summaries(live.0, start: live.1))
        XCTAssertGreaterThanOrEqual(recorder.framesSaved, 6, "handshake, data and ACK frames of both connections")

        // The CMP facts are those of the fixtures the peers sent.
        for (message, der) in zip(live.0, [ir, ip, cr, cp]) {
            var fixture = [DissectedMessage]()
            var dissector = CaptureDissector()
            dissector.dissectFileMessages([der]) { found, _ in fixture.append(found) }
            XCTAssertEqual(message.summary, fixture.first?.summary)
            XCTAssertEqual(message.envelope.pkiMessage, der)
        }

        if let tshark = TestFixtures.tool("tshark") {
            let result = try TestFixtures.run(tshark, ["-r", written.path])
            XCTAssertEqual(result.status, 0, result.error)
            XCTAssertEqual(result.output.split(separator: "\n").count, recorder.framesSaved, "tshark reads every written frame")
        }
    }

    /// A request cut by the stop (head and half the body sent, then Ctrl-C) is reported as an
    /// incomplete message when the pending streams are flushed, not lost.
    func testMessageCutByTheStopIsReportedIncomplete() throws {
        let ir = try TestFixtures.message("ir-pbm.der")
        let peer = try LoopbackPeer(kind: .http, response: ir)
        let source = try Self.openLoopback(filter: "tcp port \(peer.port)")
        let client = try peer.connectClient()
        defer { close(client) }
        let request = LoopbackPeer.frame(ir, kind: .http, request: true)
        LoopbackPeer.send(client, Array(request.prefix(request.count - ir.count / 2)))
        Thread.sleep(forTimeInterval: 0.3)
        let stopper = source.stopper
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { stopper.stop() }
        var messages = [DissectedMessage]()
        try LiveDissection.run(source, options: PipelineOptions()) { message, _ in messages.append(message) }
        XCTAssertEqual(messages.count, 1)
        // The transport stage reports a body cut short of its Content-Length this way.
        let cut: Set<String> = ["http.incomplete", "http.content-length.mismatch"]
        XCTAssertEqual(messages.first?.findings.contains { cut.contains($0.code.rawValue) }, true,
                       "\(messages.map { $0.findings.map(\.code) })")
    }
}
