@testable import CMPAnalysis
@testable import CMPMessages
import Foundation
import SwiftASN1
import XCTest

/// The benchmark's dependency ceiling must time the work the pipeline really does: the signatures
/// the analyzer verifies (and no others), and every node of every parse. Counts, not times.
final class DependencyFloorTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.root.appendingPathComponent("Fixtures/messages/\(name).der")))
    }

    /// kur-sig carries its signer in extraCerts: its real OpenSSL signature is the one timed, and verifies.
    func testSignatureWithSignerInExtraCertsIsTimedAndVerifies() throws {
        let signature = try XCTUnwrap(DependencyFloor.signature(try fixture("kur-sig")))
        XCTAssertEqual(signature.oid, OID.ecdsaWithSHA256)
        XCTAssertEqual(SignatureVerifier.verify(oid: signature.oid, parameters: signature.parameters, signature: signature.bits,
                                                data: signature.data, key: signature.key), .valid)
    }

    /// MAC protection, and a signature without a signer certificate, are not verified by the analyzer
    /// (without --secret and --trusted), so the ceiling does not count them.
    func testNothingTimedWhereTheAnalyzerVerifiesNothing() throws {
        XCTAssertNil(DependencyFloor.signature(try fixture("ir-pbm")))
        XCTAssertNil(DependencyFloor.signature(try fixture("ir-sig")))
        XCTAssertNil(DependencyFloor.signature(try fixture("pkiconf-sig")))
    }

    /// The visit reaches every TLV of the message once: as many nodes as the one-pass element count.
    func testVisitCountsEveryElement() throws {
        let folder = Fixtures.root.appendingPathComponent("Fixtures/messages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".der") }.sorted()
        XCTAssertGreaterThan(names.count, 30)
        var messages = [[UInt8]]()
        var elements = 0
        for name in names {
            let der = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let count = DERElementBudget.elementCount(der[...], cap: .max)
            XCTAssertEqual(DependencyFloor.visit(try XCTUnwrap(try? SwiftASN1.DER.parse(der[...]), name)), count, name)
            messages.append(der)
            elements += count
        }
        let figures = DependencyFloor.measure(messages, rounds: 1)
        XCTAssertEqual(figures.messages, names.count)
        XCTAssertEqual(figures.nodes, elements)
        XCTAssertEqual(figures.parsedBytes, messages.map(\.count).reduce(0, +), "every fixture is DER")
        XCTAssertEqual(figures.verifications, messages.compactMap(DependencyFloor.signature).count)
        XCTAssertGreaterThan(figures.verifications, 0)
        // The fixtures are OpenSSL's own, untouched: every signature timed verifies.
        XCTAssertEqual(figures.validSignatures, figures.verifications)
    }

    /// Bytes after the PKIMessage (reported as `asn1.trailing-data`) are left out of the parse, as
    /// the decoder leaves them out: the message is still timed.
    func testTrailingBytesAreNotParsed() throws {
        let message = try fixture("ir-pbm")
        let figures = DependencyFloor.measure([message + [0x00, 0x00, 0x30]], rounds: 1)
        XCTAssertEqual(figures.parsedBytes, message.count)
        XCTAssertEqual(figures.nodes, DERElementBudget.elementCount(message[...], cap: .max))
    }
}
