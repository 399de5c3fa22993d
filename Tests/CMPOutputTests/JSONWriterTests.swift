import CMPOutput
import Foundation
import XCTest

/// The byte-writing JSON builder: RFC 8259 escapes, integers at their limits, and text that
/// Foundation's parser reads back to the same values.
final class JSONWriterTests: XCTestCase {
    func testEscapesAndIntegers() throws {
        let strings = ["plain", "quote \" backslash \\", "line\nfeed\r\ttab", "\u{1}\u{1F}\u{7F}", "é ✓ 𝄞", ""]
        let ints = [0, -1, 42, Int.max, Int.min]
        var json = JSONWriter()
        json.beginObject()
        json.field("strings", strings: strings)
        json.field("ints", ints: ints)
        json.key("big")
        json.uint(UInt64.max)
        json.field("none", nil as String?)
        json.field("yes", true)
        json.endObject()
        XCTAssertTrue(json.text.contains(#""\u0001\u001f\u007f""#), json.text)
        XCTAssertTrue(json.text.contains(#""quote \" backslash \\""#), json.text)
        XCTAssertTrue(json.text.contains(#""line\nfeed\r\ttab""#), json.text)
        XCTAssertTrue(json.text.contains("\(Int.min)") && json.text.contains("\(UInt64.max)"), json.text)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        XCTAssertEqual(parsed["strings"] as? [String], strings)
        XCTAssertEqual((parsed["ints"] as? [NSNumber])?.map(\.int64Value), ints.map(Int64.init))
        XCTAssertTrue(parsed["none"] is NSNull)
        XCTAssertEqual(parsed["yes"] as? Bool, true)
    }

    /// Appending to an output buffer keeps what it held and adds exactly what a writer of its own writes.
    func testAppendToABuffer() {
        var alone = JSONWriter()
        alone.beginObject()
        alone.field("frame", 7)
        alone.endObject()
        var buffer = Array("{\"frame\":6}\n".utf8)
        let before = buffer
        JSONWriter.append(to: &buffer) { json in
            json.beginObject()
            json.field("frame", 7)
            json.endObject()
        }
        XCTAssertEqual(buffer, before + alone.bytes)
    }
}
