import CMPCore
import CMPDissector
import XCTest

/// Every prefix of every fixture: no crash, a partial tree whose ranges lie inside the prefix, and a
/// stop error at or before the cut (the element the cut ran through).
final class TruncationSweepTests: XCTestCase {
    func testEveryPrefixOfEveryFixture() throws {
        let builder = MessageTreeBuilder()
        var prefixes = 0
        for name in try TreeFixtures.messageNames() {
            let bytes = try TreeFixtures.bytes(name)
            for cut in 0..<bytes.count {
                let prefix = Array(bytes[0..<cut])
                let tree = builder.build(prefix)
                prefixes += 1
                guard let error = tree.error else { return XCTFail("\(name) cut at \(cut): no stop error") }
                XCTAssertLessThanOrEqual(error.range.lowerBound, cut, "\(name) cut at \(cut)")
                XCTAssertTrue(tree.findings.contains { $0.code == .asn1Malformed }, "\(name) cut at \(cut)")
                for node in tree.root.all where node.range.upperBound > cut || node.range.lowerBound < 0 {
                    return XCTFail("\(name) cut at \(cut): \(node.name) at \(node.range)")
                }
            }
        }
        XCTAssertGreaterThan(prefixes, 10_000)
    }
}
