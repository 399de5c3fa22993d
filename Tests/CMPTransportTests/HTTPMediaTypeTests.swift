@testable import CMPTransport
import XCTest

/// Content-Type values as servers send them (cmp-wire-and-oddities.md §1.5): case-insensitive,
/// parameters and surrounding whitespace dropped (RFC 9110 §8.3.1).
final class HTTPMediaTypeTests: XCTestCase {
    func testContentTypes() {
        let cases: [(String?, HTTPMediaType)] = [
            (nil, .missing),
            ("application/pkixcmp", .pkixcmp),
            ("Application/PKIXCMP", .pkixcmp),
            (" application/pkixcmp ; charset=binary", .pkixcmp),
            ("\tapplication/pkixcmp\t", .pkixcmp),
            ("application/x-pkixcmp", .legacy),
            ("application/pkixcmp-poll", .poll),
            ("APPLICATION/X-PKIXCMP-POLL;q=1", .poll),
            ("application/pkixcmp2", .other),
            ("application/pkixcm", .other),
            ("application/pkix-cert", .other),
            ("", .other),
            (";application/pkixcmp", .other),
            ("application/pkixcmp\u{0130}", .other),  // not ASCII: no case folding beyond it
            ("text/html; charset=utf-8", .other),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(HTTPMediaType(contentType: value), expected, value ?? "nil")
        }
    }
}
