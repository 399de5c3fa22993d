@testable import CMPOutput
import CMPCore
import XCTest

final class TreeTextTests: XCTestCase {
    /// The tree is written as UTF-8 bytes with its own integer formatting: same text as Swift's.
    func testDecimalsMatchSwiftsDescription() {
        for value in [0, 1, 9, 10, 99, 100, 12345, -1, -907, Int.max, Int.min, Int(Int32.max)] {
            var bytes = [UInt8]()
            DecimalBytes.append(value, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\(value)")
        }
        var bytes = [UInt8]()
        DecimalBytes.append(UInt64.max, to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\(UInt64.max)")
    }

    func testNodeLinesIndentNameValueRangeAndFindings() {
        var child = DissectionNode("pvno", value: "cmp2000 (2)", range: ByteRange(lowerBound: 4, upperBound: 7))
        child.findings = [Finding(.asn1TrailingData, "3 bytes follow", at: .message(ByteRange(lowerBound: 4, upperBound: 7)))]
        var root = DissectionNode("PKIMessage", range: ByteRange(lowerBound: 0, upperBound: 100))
        root.children = [child, DissectionNode("body", range: ByteRange(lowerBound: 7, upperBound: 100))]
        var bytes = [UInt8]()
        TreeText.append(root, depth: 1, base: 1000, to: &bytes)
        let severity = child.findings[0].severity
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), """
                PKIMessage [0..<100 @1000]
                    pvno: cmp2000 (2) [4..<7 @1004]
                        [\(severity): asn1.trailing-data] 3 bytes follow
                    body [7..<100 @1007]

            """)
    }
}
