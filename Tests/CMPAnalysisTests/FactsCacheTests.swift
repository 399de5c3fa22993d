@testable import CMPAnalysis
import CMPMessages
import Foundation
import XCTest

/// The analyzer's OID cache must not change the facts: every fixture message read with a cache that
/// has seen all of them (twice) against a read without one.
final class FactsCacheTests: XCTestCase {
    func testCachedOIDsGiveTheSameFacts() throws {
        let folder = Fixtures.root.appendingPathComponent("Fixtures/messages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".der") }.sorted()
        XCTAssertGreaterThan(names.count, 30)
        let oids = OIDTextCache()
        var compared = 0
        for _ in 0..<2 {
            for name in names {
                let der = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
                let plain = try XCTUnwrap(MessageFacts.parse(der, length: der.count), name)
                let cached = try XCTUnwrap(MessageFacts.parse(der, length: der.count, oids: oids), name)
                XCTAssertEqual(Self.oids(of: cached), Self.oids(of: plain), name)
                compared += Self.oids(of: plain).count
            }
        }
        XCTAssertGreaterThan(compared, 100, "the fixtures name algorithms and info types")
    }

    /// Every OID text the facts hold, in a fixed order.
    private static func oids(of facts: MessageFacts) -> [String] {
        var texts = [facts.protectionAlg?.oid ?? "-"]
        if let pbm = facts.pbm { texts += [pbm.owf, pbm.mac] }
        texts += facts.generalInfo.map(\.oid)
        texts += facts.responses.map { $0.certificateSignatureOID ?? "-" }
        texts += facts.certStatuses.map { $0.hashAlg?.oid ?? "-" }
        return texts
    }
}
