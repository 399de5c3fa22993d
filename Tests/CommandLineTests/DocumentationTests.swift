import CMPFilter
import Foundation
import XCTest

/// The man page lists every display-filter field, so the documentation cannot fall behind the code.
final class DocumentationTests: XCTestCase {
    func testManPageListsEveryField() throws {
        let page = try String(contentsOf: TestFixtures.repository.appendingPathComponent("docs/cmpdissect.1"), encoding: .utf8)
        let fieldSection = try XCTUnwrap(page.components(separatedBy: "\nFields:\n").last?.components(separatedBy: ".SH ").first)
        let listed = Set(fieldSection.split(whereSeparator: { " \n\",()".contains($0) }).map(String.init))
        for field in MessageField.catalogue {
            XCTAssertTrue(listed.contains(field.name), "docs/cmpdissect.1 does not list \(field.name)")
        }
        for flag in ["\\-i", "\\-D", "\\-p", "\\-w", "\\-Y", "\\-T", "\\-e", "\\-E", "\\-z", "\\-q", "\\-a", "\\-\\-export\\-der", "\\-\\-color",
                     "\\-\\-secret", "\\-\\-trusted", "\\-\\-max\\-pbm\\-iterations", "\\-\\-list\\-findings"] {
            XCTAssertTrue(page.contains(".BI \(flag)") || page.contains(".B \(flag)"), "docs/cmpdissect.1 does not document \(flag)")
        }
    }
}
