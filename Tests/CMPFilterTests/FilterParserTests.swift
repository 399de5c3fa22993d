@testable import CMPFilter
import XCTest

final class FilterParserTests: XCTestCase {
    func testValidFiltersParse() throws {
        let valid = [
            "cmp.body == \"ir\"", "cmp.body==ir", "cmp.body eq ir", "cmp.status", "!cmp.status", "not cmp.status",
            "cmp.body == ir && finding.severity >= warning", "cmp.body == ir and transport == http",
            "(cmp.body == ir || cmp.body == cr) && !(tcp.port == 80)", "ip.addr == 10.0.0.0/8",
            "ip.src == ::1", "ip.dst != fd00::/8", "cmp.transaction_id == 3f:2a:9c:01",
            "cmp.transaction_id contains 9c01", "cmp.sender contains \"CN=\"", "cmp.sender matches \"^cn=.*test\"",
            "cmp.sender ~ \"\\d+\"", "cmp.fail_info == badPOP", "cmp.status >= rejection", "cmp.status == 2",
            "cmp.cert_req_id == 0", "cmp.pvno > 1", "tcp.srcport <= 1024", "finding.code == \"cmp.x\"",
            "cmp.protected == true", "tcp.port == 0x1F90", "cmp.body == certconf",
            "tcp.port in {80 443 8000..8080}", "cmp.body in {ir, cr, kur}", "ip.addr in {10.0.0.0/8 ::1}",
            "cmp.status in {rejection waiting} && !cmp.body in {error}",
        ]
        for filter in valid {
            XCTAssertNoThrow(try DisplayFilter(filter), filter)
        }
    }

    /// (filter, 0-based position of the error, a word the expectation must contain)
    func testInvalidFiltersNameThePosition() {
        let cases: [(String, Int, String)] = [
            ("", 0, "field name"),
            ("cmp.body ==", 11, "value after '=='"),
            ("cmp.body = ir", 9, "'=='"),
            ("cmp.bogus == 1", 0, "field name"),
            ("(cmp.body == ir", 15, "')'"),
            ("cmp.body == ir)", 14, "end of filter"),
            ("cmp.pvno == two", 12, "integer"),
            ("ip.src == 10.0.0", 10, "address"),
            ("ip.src < 10.0.0.0/8", 9, "network only"),
            ("cmp.body == xx", 12, "one of ir, ip"),
            ("finding.severity >= loud", 20, "severity"),
            ("cmp.transaction_id == 3g", 22, "hex"),
            ("cmp.sender matches \"(\"", 19, "regular expression"),
            ("cmp.body == \"ir", 12, "closing"),
            ("cmp.body == ir & tcp.port == 1", 15, "'&&'"),
            ("cmp.body == ir ||", 17, "field name"),
            ("&& cmp.body", 0, "field name"),
            ("cmp.body ir", 9, "end of filter"),
            ("tcp.port in 80", 12, "'{' after 'in'"),
            ("tcp.port in {}", 13, "at least one value"),
            ("tcp.port in {80 x}", 16, "integer"),
            ("tcp.port in {80..y}", 13, "integer"),
            ("tcp.port in {80", 15, "a value or '}'"),
            ("tcp.port in {,80}", 13, "a value after '{'"),
        ]
        for (filter, position, expected) in cases {
            XCTAssertThrowsError(try DisplayFilter(filter), filter) { error in
                guard let error = error as? FilterSyntaxError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.position, position, "\(filter): \(error)")
                XCTAssertTrue(error.expected.contains(expected), "\(filter): \(error.expected)")
                XCTAssertTrue(error.description.contains("column \(position + 1)"), error.description)
            }
        }
    }

    func testDeepNestingIsAnErrorNotACrash() throws {
        XCTAssertNoThrow(try DisplayFilter(String(repeating: "(", count: 50) + "cmp.pvno" + String(repeating: ")", count: 50)))
        XCTAssertNoThrow(try DisplayFilter(String(repeating: "!", count: 51) + "cmp.pvno"))
        let deep = String(repeating: "(", count: 100_000) + "cmp.pvno" + String(repeating: ")", count: 100_000)
        XCTAssertThrowsError(try DisplayFilter(deep)) { error in
            // The 201st '(' (offset 200) is one level too many.
            XCTAssertEqual((error as? FilterSyntaxError)?.position, 200)
        }
        // Long flat chains are not nesting: && and || loop rather than recurse.
        let chain = Array(repeating: "cmp.pvno == 2", count: 5_000).joined(separator: " || ")
        XCTAssertNoThrow(try DisplayFilter(chain))
        XCTAssertThrowsError(try DisplayFilter(Array(repeating: "cmp.pvno", count: 10_001).joined(separator: " || ")))
    }

    func testCaretPointsAtTheColumn() throws {
        XCTAssertThrowsError(try DisplayFilter("cmp.pvno == x")) { error in
            let lines = "\(error)".split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.last, "  " + String(repeating: " ", count: 12) + "^")
        }
    }

    func testLexerTokens() throws {
        let tokens = try FilterLexer.tokens("!(a==\"x\\\"y\")||b>=c").map(\.kind)
        XCTAssertEqual(tokens, [.not, .leftParen, .word("a"), .comparison(.equal), .string("x\"y"), .rightParen,
                                .or, .word("b"), .comparison(.greaterOrEqual), .word("c"), .end])
    }

    func testAndBindsTighterThanOr() throws {
        let filter = try DisplayFilter("cmp.pvno == 1 || cmp.pvno == 2 && cmp.pvno == 3")
        guard case .or(_, .and) = filter.expression else { return XCTFail("\(filter.expression)") }
    }

    func testByteLiterals() {
        XCTAssertEqual(FilterLiteral.parseBytes("3f:2A-9c.01"), [0x3F, 0x2A, 0x9C, 0x01])
        XCTAssertNil(FilterLiteral.parseBytes("3f2"))
        XCTAssertNil(FilterLiteral.parseBytes(""))
    }

    func testEveryCatalogueNameIsFound() {
        for field in MessageField.catalogue {
            XCTAssertEqual(MessageField.named(field.name)?.name, field.name)
        }
        XCTAssertEqual(Set(MessageField.catalogue.map(\.name)).count, MessageField.catalogue.count)
    }
}
