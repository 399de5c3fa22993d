import CMPCapture
import CMPCore
import CMPPipeline
import Foundation
import XCTest

/// The `cmpdissect` executable itself: usage errors, formats, export, and a live capture stopped
/// by SIGINT. Skipped (saying so) when the executable has not been built next to the tests.
final class CommandProcessTests: XCTestCase {
    func executable() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("cmpdissect"),
            Bundle(for: Self.self).bundleURL.deletingLastPathComponent().appendingPathComponent("cmpdissect"),
            TestFixtures.repository.appendingPathComponent(".build/debug/cmpdissect"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("the cmpdissect executable is not built (swift build first): \(candidates.map(\.path))")
        }
        return found
    }

    func testUsageErrorsExit64() throws {
        let tool = try executable()
        let capture = TestFixtures.capture("ir-pbm.pcap").path
        let cases: [([String], String)] = [
            (["-Y", "cmp.body ==", capture], "column 12"),
            (["-Y", "cmp.nosuch == 1", capture], "column 1"),
            (["-T", "fields", capture], "-e"),
            (["-T", "fields", "-e", "cmp.nosuch", capture], "cmp.nosuch"),
            (["-e", "frame", capture], "-T fields"),
            (["-T", "fields", "-e", "frame", "-E", "quote=x", capture], "quote"),
            (["-a", "duration:3", capture], "-a"),
            (["-i", "lo", capture], "-i"),
            (["-z", "bogus", capture], "bogus"),
            (["--color", "sometimes", capture], "sometimes"),
            ([], "no input"),
            (["-w", capture, capture], "overwritten"),
            (["-w", TestFixtures.captures.path + "/../captures/ir-pbm.pcap", capture], "overwritten"),
        ]
        for (arguments, mention) in cases {
            let result = try TestFixtures.run(tool, arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.error)")
            XCTAssertTrue(result.error.contains(mention), "\(arguments): \(result.error)")
        }
    }

    /// `--secret` verifies PasswordBasedMac protection of the real OpenSSL exchange (the fixture
    /// script's secret), and a wrong secret makes every MAC invalid; a malformed spec is a usage error.
    func testSecretVerifiesMACProtection() throws {
        let tool = try executable()
        let capture = TestFixtures.capture("ir-pbm.pcap").path
        let right = try TestFixtures.run(tool, ["-T", "fields", "-e", "finding.code", "--secret", "pass:cmpdissect-test-secret", capture])
        XCTAssertEqual(right.status, 0, right.error)
        let rightLines = right.output.split(separator: "\n")
        XCTAssertEqual(rightLines.count, 4)
        XCTAssertTrue(rightLines.allSatisfy { $0.contains("cmp.protection.valid") && !$0.contains("invalid") }, right.output)
        let wrong = try TestFixtures.run(tool, ["-T", "fields", "-e", "finding.code", "--secret", "pass:not-the-secret", capture])
        XCTAssertTrue(wrong.output.split(separator: "\n").allSatisfy { $0.contains("cmp.protection.invalid") }, wrong.output)
        let none = try TestFixtures.run(tool, ["-T", "fields", "-e", "finding.code", capture])
        XCTAssertFalse(none.output.contains("cmp.protection.invalid"), "without --secret a MAC is never invalid")
        let bad = try TestFixtures.run(tool, ["--secret", "plain", capture])
        XCTAssertEqual(bad.status, 64)
    }

    /// `-T fields` against tshark's own columns for the same capture (`*.tshark.tsv`, made by
    /// tshark 4.0 when the fixture was recorded): frame number, pvno and transactionID.
    func testFieldsMatchTshark() throws {
        let tool = try executable()
        for name in ["ir-pbm", "several-tx", "tcpmsg-v10", "ipv6"] {
            let tsv = try String(contentsOf: TestFixtures.capture("\(name).tshark.tsv"), encoding: .utf8)
            let rows = tsv.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            let header = try XCTUnwrap(rows.first)
            let frame = try XCTUnwrap(header.firstIndex(of: "frame.number"))
            let pvno = try XCTUnwrap(header.firstIndex(of: "cmp.pvno"))
            let tid = try XCTUnwrap(header.firstIndex(of: "cmp.transactionID"))
            let expected = rows.dropFirst().filter { !$0[pvno].isEmpty }.map { "\($0[frame]),\($0[pvno]),\($0[tid])" }
            let file = try XCTUnwrap(["\(name).pcap", "\(name).pcapng"].map(TestFixtures.capture)
                .first { FileManager.default.fileExists(atPath: $0.path) })
            let result = try TestFixtures.run(tool, ["-T", "fields", "-E", "separator=,", "-e", "frame", "-e", "cmp.pvno",
                                                     "-e", "cmp.transaction_id", "-Y", "cmp.pvno", file.path])
            XCTAssertEqual(result.status, 0, result.error)
            XCTAssertEqual(result.output.split(separator: "\n").map(String.init), expected, name)
        }
    }

    func testExportDERAndQuietStatistics() throws {
        let tool = try executable()
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = directory.appendingPathComponent("der")
        let result = try TestFixtures.run(tool, ["-q", "-z", "cmp,stat", "--export-der", export.path,
                                                 TestFixtures.capture("ir-pbm.pcap").path])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertFalse(result.output.contains("CMP/HTTP"), "-q prints no message lines")
        XCTAssertTrue(result.output.contains("CMP Statistics: 4 messages"), result.output)
        let names = try FileManager.default.contentsOfDirectory(atPath: export.path).sorted()
        // Frames and bodies as tshark numbers them (ir-pbm.tshark.tsv): 6 ir, 8 ip, 12 certConf, 14 pkiconf.
        XCTAssertEqual(names, ["frame-000006-ir.der", "frame-000008-ip.der", "frame-000012-certConf.der", "frame-000014-pkiconf.der"])
        // Each file is exactly one PKIMessage: reading it back gives the body its name says.
        for name in names {
            let bodies = try TestFixtures.dissect(export.appendingPathComponent(name).path).messages.map { $0.summary?.body?.name }
            XCTAssertEqual(bodies, [String(name.dropFirst("frame-000006-".count).dropLast(4))], name)
        }
    }

    /// `-z cmp,tx` prints the analyzer's transactions; several-tx.pcap has four (manifest: two ir
    /// enrolments, a genm and an rr, one after another).
    func testTransactionStatistics() throws {
        let result = try TestFixtures.run(try executable(), ["-q", "-z", "cmp,tx", TestFixtures.capture("several-tx.pcap").path])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.hasPrefix("CMP transactions: 4\n"), result.output)
        let kinds = result.output.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").dropFirst().first }
        XCTAssertEqual(kinds, ["ir", "ir", "genm", "rr"], result.output)
    }

    func testMissingInterfaceIsAClearError() throws {
        let result = try TestFixtures.run(try executable(), ["-i", "cmpnosuch0"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("cmpnosuch0"), result.error)
        XCTAssertTrue(result.error.contains("-D") || result.error.contains("CAP_NET_RAW"), result.error)
    }

    /// `cmpdissect -i lo -f 'tcp port N' -z cmp,stat -z expert`, an exchange, then SIGINT: the
    /// messages, then the statistics, exit 0.
    func testLiveCaptureStopsCleanlyOnSIGINT() throws { try liveCaptureStopsCleanly(on: SIGINT) }
    func testLiveCaptureStopsCleanlyOnSIGTERM() throws { try liveCaptureStopsCleanly(on: SIGTERM) }

    func liveCaptureStopsCleanly(on signal: Int32) throws {
        let tool = try executable()
        let ir = try TestFixtures.message("ir-pbm.der"), ip = try TestFixtures.message("ip-pbm.der")
        let peer = try LoopbackPeer(kind: .http, response: ip)
        let process = Process()
        process.executableURL = tool
        process.arguments = ["-i", "lo", "-p", "-f", "tcp port \(peer.port)", "-l", "-z", "cmp,stat", "-z", "expert"]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Wait for "capturing on lo" on stderr, so the exchange happens after activation.
        var stderrText = ""
        let readyBy = Date().addingTimeInterval(10)
        while !stderrText.contains("capturing on") && process.isRunning && Date() < readyBy {
            stderrText += String(decoding: error.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard process.isRunning else {
            let rest = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if (stderrText + rest).contains("permission denied") || (stderrText + rest).contains("no such interface") {
                throw XCTSkip("live capture on lo is not permitted here: \(stderrText + rest)")
            }
            return XCTFail("cmpdissect -i lo exited early: \(stderrText + rest)")
        }
        _ = try peer.exchange(ir)
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, signal)
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: outData, as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, stderrText)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("CMP/HTTP") }.count, 2, text)
        XCTAssertTrue(lines.first?.contains(" ir tid=") ?? false, text)
        XCTAssertTrue(text.contains("CMP Statistics: 2 messages"), text)
        XCTAssertTrue(text.contains("Errors ("), text)
    }

    func testAutostopDuration() throws {
        let tool = try executable()
        let started = Date()
        let result = try TestFixtures.run(tool, ["-i", "lo", "-f", "tcp port 1", "-a", "duration:1", "-q", "-z", "cmp,stat"])
        if result.error.contains("permission denied") || result.error.contains("no such interface") {
            throw XCTSkip("live capture on lo is not possible here: \(result.error)")
        }
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains("CMP Statistics: 0 messages"), result.output)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8)
    }

    /// As an unprivileged user (setpriv, all capabilities dropped), `-i lo` fails with a message
    /// that names the capabilities needed.
    func testPermissionDeniedNamesTheCapabilities() throws {
        let tool = try executable()
        guard getuid() == 0, let setpriv = TestFixtures.tool("setpriv") else {
            throw XCTSkip("needs root and setpriv to run cmpdissect unprivileged")
        }
        let result = try TestFixtures.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                                                    "--bounding-set=-all", tool.path, "-i", "lo"])
        XCTAssertEqual(result.status, 1, result.error)
        XCTAssertTrue(result.error.contains("permission denied"), result.error)
        XCTAssertTrue(result.error.contains("CAP_NET_RAW") && result.error.contains("CAP_NET_ADMIN") && result.error.contains("root"),
                      result.error)
    }

    func testInterfaceThatIsDown() throws {
        let tool = try executable()
        guard let down = try CaptureInterface.all().first(where: { !$0.isUp && !$0.isLoopback }) else {
            throw XCTSkip("no interface is down here")
        }
        let result = try TestFixtures.run(tool, ["-i", down.name])
        XCTAssertEqual(result.status, 1, result.error)
        XCTAssertTrue(result.error.contains("\(down.name): interface is down"), result.error)
    }

    /// `-c 1` live: the first message ends the capture by itself; `-w -` writes pcapng to standard
    /// output, so the statistics go to standard error.
    func testLiveCountAndWriteToStandardOutput() throws {
        let tool = try executable()
        let ir = try TestFixtures.message("ir-pbm.der"), ip = try TestFixtures.message("ip-pbm.der")
        let peer = try LoopbackPeer(kind: .http, response: ip)
        let process = Process()
        process.executableURL = tool
        process.arguments = ["-i", "lo", "-f", "tcp port \(peer.port)", "-c", "1", "-w", "-", "-z", "cmp,stat"]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        var stderrText = ""
        let readyBy = Date().addingTimeInterval(10)
        while !stderrText.contains("capturing on") && process.isRunning && Date() < readyBy {
            stderrText += String(decoding: error.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard process.isRunning else { throw XCTSkip("cmpdissect -i lo could not start: \(stderrText)") }
        _ = try peer.exchange(ir)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            XCTFail("-c 1 did not end the capture")
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let capture = output.fileHandleForReading.readDataToEndOfFile()
        stderrText += String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(Array(capture.prefix(4)), [0x0A, 0x0D, 0x0D, 0x0A], "standard output is a pcapng file")
        XCTAssertTrue(stderrText.contains("CMP Statistics: 1 message"), stderrText)
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("stdout.pcapng")
        try capture.write(to: file)
        XCTAssertEqual(try TestFixtures.dissect(file.path).messages.first?.summary?.body, .ir)
    }
}
