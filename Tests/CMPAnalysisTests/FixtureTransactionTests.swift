import CMPAnalysis
import Foundation
import CMPCore
import XCTest

/// OpenSSL's client and mock server with default options (Fixtures/messages): every sequence is one
/// transaction with the right outcome and confirmation, and raises nothing above `note`.
final class FixtureTransactionTests: XCTestCase {
    func testCleanSequences() throws {
        let cases: [(names: [String], kind: String, outcome: TransactionOutcome, confirmation: String?, polls: Int)] = [
            (["ir-pbm", "ip-pbm", "certConf-pbm", "pkiconf-pbm"], "ir", .accepted, "certConf+pkiconf", 0),
            (["cr-pbm", "cp-pbm", "certConf-cr-pbm", "pkiconf-cr-pbm"], "cr", .accepted, "certConf+pkiconf", 0),
            (["p10cr-pbm", "cp-p10cr-pbm", "certConf-p10cr-pbm", "pkiconf-p10cr-pbm"], "p10cr", .accepted, "certConf+pkiconf", 0),
            (["ir-sig", "ip-sig", "certConf-sig", "pkiconf-sig"], "ir", .accepted, "certConf+pkiconf", 0),
            (["kur-sig", "kup-sig", "certConf-kur-sig", "pkiconf-kur-sig"], "kur", .accepted, "certConf+pkiconf", 0),
            (["rr-pbm", "rp-pbm"], "rr", .accepted, nil, 0),
            (["genm-pbm", "genp-pbm"], "genm", .accepted, nil, 0),
            (["ir-poll", "ip-waiting", "pollReq-1", "pollRep", "pollReq-2", "ip-after-poll", "certConf-poll", "pkiconf-poll"],
             "ir", .accepted, "certConf+pkiconf", 2),
            (["ir-rejected", "ip-rejection"], "ir", .rejected, nil, 0),
            (["ir-for-error", "error"], "ir", .error, nil, 0),
        ]
        for testCase in cases {
            var harness = AnalysisHarness(options: AnalysisOptions(secret: try SecretSpec.parse("pass:fixture-secret")))
            var table = TransactionTable()
            var last: DissectedMessage?
            for name in testCase.names {
                let message = harness.run(try Fixtures.message(name))
                table.add(message)
                let loud = message.findings.filter { $0.severity >= .warning }
                XCTAssertEqual(loud.map(\.code.rawValue), [], "\(name): \(loud.map(\.message))")
                XCTAssertEqual(message.transaction?.index, 1, name)
                last = message
            }
            let name = testCase.names[0]
            XCTAssertEqual(last?.transaction?.kind, testCase.kind, name)
            XCTAssertEqual(last?.transaction?.outcome, testCase.outcome, name)
            XCTAssertEqual(last?.transaction?.confirmation, testCase.confirmation, name)
            XCTAssertEqual(last?.transaction?.pollingRounds, testCase.polls, name)
            XCTAssertEqual(table.closingFindings.map(\.code.rawValue), [], name)
        }
    }

    /// The real certConf hash (OpenSSL computed it) matches; one flipped bit of it does not.
    func testRealCertConfHash() throws {
        var certConf = try Fixtures.message("certConf-pbm")
        certConf[256] ^= 0x01   // inside certHash (offset 254: 04 20, content from 256; see certConf-pbm.asn1parse.txt)
        var harness = AnalysisHarness()
        _ = harness.run(try Fixtures.message("ir-pbm"))
        _ = harness.run(try Fixtures.message("ip-pbm"))
        let codes = harness.run(certConf).findings.map(\.code.rawValue)
        XCTAssertTrue(codes.contains("cmp.tx.cert-conf.hash-mismatch"), "\(codes)")
    }

    /// Without the certConf the issued certificate is never confirmed.
    func testMissingCertConf() throws {
        var harness = AnalysisHarness()
        var table = TransactionTable()
        table.add(harness.run(try Fixtures.message("ir-pbm")))
        table.add(harness.run(try Fixtures.message("ip-pbm")))
        XCTAssertEqual(table.closingFindings.map(\.code.rawValue), ["cmp.tx.cert-conf.missing"])
    }
}

/// Codes OpenSSL's mock server and client produce on purpose, from real captures
/// (scripts/make-fixtures.sh): the per-message ones through the captures' goldens (EndToEndTests
/// checks those against the pipeline's output), the closing ones through the exported bodies.
final class RealCaptureFindingTests: XCTestCase {
    private func goldenCodes(_ capture: String) throws -> [[String]] {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("Fixtures/goldens/\(capture).jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let findings = object?["findings"] as? [[String: Any]] ?? []
            return findings.compactMap { $0["code"] as? String }
        }
    }

    func testPerMessageCodesFromRealCaptures() throws {
        let cases: [(capture: String, message: Int, code: String)] = [
            ("unprotected-error", 1, "cmp.protection.missing-on-negative"),   // -send_unprot_err
            ("unprotected-responses", 1, "cmp.protection.missing"),           // -send_unprotected
            ("check-after-zero", 3, "cmp.poll.check-after.nonpositive"),      // -check_after 0
            ("polling", 2, "cmp.tx.polling"),                                 // -poll_count
            ("ir-pbm", 0, "cmp.protection.pbm.iterations-low"),               // OpenSSL's default 500
            ("ir-pbm", 0, "http.uri.not-well-known"),                         // -path pkix/
            ("ir-sig", 1, "cmp.protection.valid"),
        ]
        for testCase in cases {
            let codes = try goldenCodes(testCase.capture)
            XCTAssertTrue(codes[testCase.message].contains(testCase.code), "\(testCase.capture)[\(testCase.message)]: \(codes[testCase.message])")
        }
        // And their negatives: the clean exchanges of the same server raise none of them.
        for capture in ["ir-pbm", "ir-sig", "polling", "implicit-confirm", "granted-with-mods"] {
            let codes = Set(try goldenCodes(capture).flatMap { $0 })
            for code in ["cmp.protection.missing-on-negative", "cmp.protection.missing", "cmp.poll.check-after.nonpositive"] {
                XCTAssertFalse(codes.contains(code), "\(capture): \(code)")
            }
        }
    }

    private func analysisFixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.root.appendingPathComponent("Fixtures/analysis/\(name).der")))
    }

    func testDisableConfirmLeavesTheCertificateUnconfirmed() throws {
        var harness = AnalysisHarness(options: AnalysisOptions(secret: try SecretSpec.parse("pass:cmpdissect-test-secret")))
        var table = TransactionTable()
        let ir = harness.run(try analysisFixture("disable-confirm-ir"))
        let ip = harness.run(try analysisFixture("disable-confirm-ip"))
        table.add(ir)
        table.add(ip)
        XCTAssertTrue(ip.findings.contains { $0.code.rawValue == "cmp.protection.valid" })
        XCTAssertEqual(table.closingFindings.map(\.code.rawValue), ["cmp.tx.cert-conf.missing"])
        XCTAssertEqual(ip.transaction?.outcome, .accepted)
    }

    func testUnprotectedIP() throws {
        var harness = AnalysisHarness()
        _ = harness.run(try analysisFixture("unprotected-responses-ir"))
        let ip = harness.run(try analysisFixture("unprotected-responses-ip"))
        let codes = ip.findings.map(\.code.rawValue)
        XCTAssertTrue(codes.contains("cmp.protection.missing"), "\(codes)")
        XCTAssertFalse(codes.contains("cmp.protection.missing-on-negative"))
    }
}
