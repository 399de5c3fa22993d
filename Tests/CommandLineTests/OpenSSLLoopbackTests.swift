import CMPCapture
import CMPCore
import CMPOutput
import CMPPipeline
import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The live test with real peers: OpenSSL's `openssl cmp` client enrolling (ir, MAC-protected)
/// with OpenSSL's mock server over loopback, captured live with `-f "tcp port N"` while `-w`
/// records it. The live summary must equal the written file's; the exchange must have the shape
/// of the `ir-pbm` fixture, which was recorded the same way (manifest: ir, ip, certConf, pkiconf).
///
/// Skipped, saying why, without the `openssl` binary or without capture permission.
final class OpenSSLLoopbackTests: XCTestCase {
    var started: [Process] = []

    override func tearDown() {
        for process in started where process.isRunning { process.terminate() }
        started.removeAll()
    }

    func openssl(_ arguments: [String], in directory: URL) throws -> Process {
        guard let tool = TestFixtures.tool("openssl") else { throw XCTSkip("no openssl binary: the peers written for the test cover this") }
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        started.append(process)
        return process
    }

    func waitFor(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    /// A port nobody listens on now (the kernel's choice for an ephemeral bind).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = LoopbackPeer.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw LoopbackPeer.PeerError.socket("bind") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether something listens on `port`, from /proc/net/tcp and tcp6 (state 0A = LISTEN).
    /// Not by connecting: a probe connection would put a non-CMP connection into the capture.
    static func isListening(port: UInt16) -> Bool {
        let needle = ":" + String(format: "%04X", port)
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let columns = line.split(separator: " ")
                if columns.count > 3, columns[1].hasSuffix(needle), columns[3] == "0A" { return true }
            }
        }
        return false
    }

    func testOpenSSLEnrollmentCapturedLive() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A throwaway PKI: the CA the client names as recipient, and the key and certificate the
        // mock server "issues" (openssl cmp checks that the issued key is the one it asked for).
        for arguments in [
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key"],
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "client.key"],
            ["req", "-new", "-x509", "-key", "ca.key", "-subj", "/CN=Live Test CA", "-days", "2", "-out", "ca.crt"],
            ["req", "-new", "-x509", "-key", "client.key", "-subj", "/CN=Live Test Client", "-days", "2", "-out", "client.crt"],
        ] {
            let step = try openssl(arguments, in: directory)
            XCTAssertTrue(waitFor(step, seconds: 20), "openssl \(arguments[0]) finishes")
            XCTAssertEqual(step.terminationStatus, 0, "openssl \(arguments)")
        }
        let port = try Self.freePort()
        let server = try openssl(["cmp", "-config", "", "-port", String(port), "-max_msgs", "2", "-srv_ref", "srv-ref",
                                  "-srv_secret", "pass:live-test-secret", "-rsp_cert", "client.crt"], in: directory)
        let listenBy = Date().addingTimeInterval(10)
        while !Self.isListening(port: port) && Date() < listenBy && server.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(server.isRunning, "the mock server runs")

        let source = try LiveLoopbackTests.openLoopback(filter: "tcp port \(port)")
        let written = directory.appendingPathComponent("openssl.pcapng")
        let recorder = try CMPConnectionRecorder(writer: PcapngWriter(path: written.path))
        let box = LiveLoopbackTests.Box()
        let handoff = LiveLoopbackTests.Handoff(source: source, recorder: recorder)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            do {
                try LiveDissection.run(handoff.source, options: PipelineOptions(),
                                       observe: { handoff.recorder.observe($0, flow: $1) }) { message, start in
                    handoff.recorder.noteMessage(message)
                    box.lock.withLock {
                        box.messages.append(message)
                        box.start = start
                    }
                }
                try handoff.recorder.endInput()
            } catch {
                box.lock.withLock { box.error = error }
            }
            finished.signal()
        }.start()

        let client = try openssl(["cmp", "-config", "", "-batch", "-server", "127.0.0.1:\(port)", "-path", "pkix/",
                                  "-ref", "client-ref", "-secret", "pass:live-test-secret", "-recipient", "/CN=Live Test CA",
                                  "-cmd", "ir", "-newkey", "client.key", "-subject", "/CN=Live Test Client",
                                  "-certout", "issued.pem"], in: directory)
        XCTAssertTrue(waitFor(client, seconds: 30), "the openssl client finishes")
        XCTAssertEqual(client.terminationStatus, 0, "the enrollment succeeds")
        let deadline = Date().addingTimeInterval(10)
        while box.count < 4 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.3)
        source.stopper.stop()
        XCTAssertEqual(finished.wait(timeout: .now() + 10), .success)
        if let error = box.error { throw error }
        let live = box.lock.withLock { (box.messages, box.start) }

        XCTAssertEqual(live.0.map { $0.summary?.body?.name }, ["ir", "ip", "certConf", "pkiconf"], "the manifest's ir-pbm sequence")
        let reread = try TestFixtures.dissect(written.path)
        XCTAssertEqual(TestFixtures.summaries(reread.messages, start: reread.start), TestFixtures.summaries(live.0, start: live.1))

        // Same shape as the committed fixture recorded from the same programs: per message the
        // body, statuses, protection algorithm, pvno and transport; the ids and nonces are new on every run.
        let fixture = try TestFixtures.dissect(TestFixtures.capture("ir-pbm.pcap").path).messages
        func shape(_ message: DissectedMessage) -> String {
            let summary = message.summary
            return [summary?.body?.name, summary?.statuses.map(\.name).joined(separator: ","), summary?.protectionAlgorithm,
                    summary?.pvno.map(String.init), message.envelope.transport.name, message.envelope.transport.http?.version]
                .map { $0 ?? "-" }.joined(separator: " ")
        }
        XCTAssertEqual(live.0.map(shape), fixture.map(shape))
        // One transaction: every message carries the ir's transactionID.
        XCTAssertEqual(Set(live.0.compactMap(\.summary?.transactionID)).count, 1)
    }
}
