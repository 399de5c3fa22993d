@testable import CMPDissector
import XCTest

final class FieldPathTests: XCTestCase {
    /// Paths are spelled as before they became arena links: fields joined by dots, items in brackets.
    func testPathsSpellTheirComponents() {
        let root = FieldPath(root: "PKIMessage")
        let body = root.field("body").field("ip")
        let status = body.field("response").item(0).field("status")
        let sibling = body.field("response").item(12)
        XCTAssertEqual(root.description, "PKIMessage")
        XCTAssertEqual(status.description, "PKIMessage.body.ip.response[0].status")
        XCTAssertEqual(sibling.description, "PKIMessage.body.ip.response[12]")
        XCTAssertEqual("\(status): missing", "PKIMessage.body.ip.response[0].status: missing")
        // Branches share their parents and do not see each other.
        XCTAssertEqual(root.field("header").description, "PKIMessage.header")
    }
}
