import CMPAnalysis
import CMPCore
import Foundation
import XCTest

/// Hostile input is the normal case: damaged messages, absurd parameters and long sequences give
/// findings, never a trap, a hang or unbounded work.
final class AnalysisRobustnessTests: XCTestCase {
    /// A fixed linear congruential generator: the same mutations on every run.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    func testMutatedFixturesNeverTrap() throws {
        let names = ["ir-pbm", "ip-pbm", "certConf-pbm", "kur-sig", "certConf-kur-sig", "pollRep", "error", "ip-sig"]
        let messages = try names.map(Fixtures.message)
        var generator = Generator(state: 42)
        let options = AnalysisOptions(secret: try SecretSpec.parse("pass:fixture-secret"))
        var harness = AnalysisHarness(options: options)
        for round in 0..<600 {
            var der = messages[round % messages.count]
            switch round % 3 {
            case 0:
                for _ in 0..<1 + generator.next(4) { der[generator.next(der.count)] = UInt8(generator.next(256)) }
            case 1:
                der = Array(der.prefix(generator.next(der.count)))
            default:
                let position = generator.next(der.count)
                der.insert(contentsOf: [0x30, 0x80, 0x00, 0x00], at: position)
            }
            _ = harness.run(der)
        }
    }

    func testHugeIterationCountIsNotComputed() throws {
        var message = TestMessage()
        message.protectionAlg = DER.algorithm("1.2.840.113533.7.66.13",
                                              DER.pbmParameter(salt: [1, 2, 3], iterations: Int(Int32.max)))
        var harness = AnalysisHarness(options: AnalysisOptions(secret: try SecretSpec.parse("pass:x")))
        let started = Date()
        let findings = harness.run(message).findings
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        XCTAssertTrue(findings.contains { $0.code.rawValue == "cmp.protection.pbm.iterations-high" })
        XCTAssertTrue(findings.contains { $0.code.rawValue == "cmp.protection.not-verified" && $0.message.contains("limit") })
    }

    func testManyTransactionsStayBounded() {
        var harness = AnalysisHarness()
        var last: DissectedMessage?
        for index in 0..<3000 {
            var message = TestMessage()
            message.transactionID = withUnsafeBytes(of: UInt64(index).bigEndian, Array.init) + Array(repeating: 0, count: 8)
            message.senderNonce = withUnsafeBytes(of: UInt64(index).bigEndian, Array.init) + Array(repeating: 1, count: 8)
            last = harness.run(message.der, connection: index)
        }
        XCTAssertEqual(last?.transaction?.index, 3000)
        XCTAssertEqual(harness.analyzer.transactions.count, 3000)
    }

    func testEmptyAndNonMessageInput() {
        var harness = AnalysisHarness()
        for der in [[], [0x30], [0x30, 0x00], [0x05, 0x00], Array(repeating: 0xFF, count: 64)] as [[UInt8]] {
            _ = harness.run(der)
        }
    }
}
