import XCTest
@testable import CMPCore

final class TimestampTests: XCTestCase {
    func testISO8601() {
        XCTAssertEqual(Timestamp(seconds: 0, nanoseconds: 0).iso8601, "1970-01-01T00:00:00.000000Z")
        XCTAssertEqual(Timestamp(seconds: 1_764_588_000, nanoseconds: 123_456_789).iso8601, "2025-12-01T11:20:00.123456Z")
        XCTAssertEqual(Timestamp(seconds: 951_782_400, nanoseconds: 0).iso8601, "2000-02-29T00:00:00.000000Z")
    }

    /// The byte writer behind `iso8601` pads as the string form did, minus signs and all.
    func testPaddedDigitsMatchTheStringForm() {
        // The string form the calendar fields were padded with before they were written as bytes.
        func pad(_ value: Int, width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        for value in [0, 5, 9, 10, 99, 100, 1969, 2026, 9999, 10_000, 123_456, 999_999, -1, -5, -123, -2_000_000, Int.max, Int.min] {
            for width in [2, 4, 6] {
                var bytes = [UInt8]()
                Timestamp.appendPadded(value, width: width, to: &bytes)
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self), pad(value, width: width), "\(value) width \(width)")
            }
        }
        // 2^46 s on both sides, where the clamp holds the calendar: years in the millions, before 0 too.
        // (Expected values from a separate Python rendering of the same civil-from-days arithmetic.)
        XCTAssertEqual(Timestamp(seconds: 1 << 46, nanoseconds: 0).iso8601, "2231866-09-25T14:41:04.000000Z")
        XCTAssertEqual(Timestamp(seconds: -(1 << 46), nanoseconds: 0).iso8601, "-2227927-04-07T09:18:56.000000Z")
    }

    func testExtremeValuesDoNotTrap() {
        let far = Timestamp(seconds: .max, nanoseconds: 1_999_999_999)
        XCTAssertEqual(far.seconds, .max)
        let early = Timestamp(seconds: .min, nanoseconds: -1)
        XCTAssertEqual(early.seconds, .min)
        _ = far.iso8601
        _ = early.iso8601
        _ = early.relativeSeconds(since: far)
        _ = far.relativeSeconds(since: early)
        XCTAssertEqual(Timestamp(seconds: -1, nanoseconds: 0).iso8601, "1969-12-31T23:59:59.000000Z")
        XCTAssertEqual(Timestamp(seconds: -86_400, nanoseconds: 0).iso8601, "1969-12-31T00:00:00.000000Z")
    }

    func testRelative() {
        let a = Timestamp(seconds: 10, nanoseconds: 900_000_000)
        let b = Timestamp(seconds: 12, nanoseconds: 5_000)
        XCTAssertEqual(b.relativeSeconds(since: a), "1.100005")
        XCTAssertEqual(a.relativeSeconds(since: b), "-1.100005")
    }
}

final class IPAddressTests: XCTestCase {
    func testRFC5952() {
        let cases = ["::1", "2001:db8::1", "fe80::1:2", "2001:db8:0:1:1:1:1:1", "::", "1::", "2001:db8::1:0:0:1",
                     "fe80::", "1:0:2:3:4:5:6:7", "1:2:3:4:5:6:7:8", "ffff:abcd:10:100:1000::", "0:1::",
                     "::ffff:c000:201", "1:0:0:2::3"]
        for text in cases {
            XCTAssertEqual(IPAddress(text)?.description, text)
        }
        XCTAssertEqual(IPAddress("2001:0db8:0000:0000:0000:0000:0000:0001")?.description, "2001:db8::1")
        XCTAssertEqual(IPAddress("127.0.0.1"), .v4(0x7F00_0001))
        for text in ["0.0.0.0", "9.10.99.100", "255.255.255.255"] { XCTAssertEqual(IPAddress(text)?.description, text) }
        XCTAssertNil(IPAddress("1.2.3"))
        XCTAssertNil(IPAddress("1::2::3"))
        XCTAssertEqual(Endpoint(address: IPAddress("::1")!, port: 80).description, "[::1]:80")
    }
}

final class FlowKeyTests: XCTestCase {
    /// Both directions of a connection are one key, hashed alike; keys that differ anywhere
    /// (address family, address, port) are different keys.
    func testBothDirectionsAreOneKey() {
        let endpoints = [Endpoint(address: IPAddress("10.0.0.5")!, port: 51522), Endpoint(address: IPAddress("10.0.0.1")!, port: 8080),
                         Endpoint(address: IPAddress("10.0.0.1")!, port: 8081), Endpoint(address: IPAddress("::ffff:a00:1")!, port: 8080),
                         Endpoint(address: IPAddress("2001:db8::1")!, port: 80), Endpoint(address: IPAddress("2001:db8::1")!, port: 81)]
        var keys = Set<FlowKey>()
        for a in endpoints.indices {
            for b in endpoints.indices where b > a {
                let key = FlowKey(endpoints[a], endpoints[b])
                let reversed = FlowKey(endpoints[b], endpoints[a])
                XCTAssertEqual(key, reversed)
                XCTAssertEqual(key.hashValue, reversed.hashValue)
                keys.insert(key)
                keys.insert(reversed)
            }
        }
        XCTAssertEqual(keys.count, endpoints.count * (endpoints.count - 1) / 2)
    }
}

final class StreamBufferTests: XCTestCase {
    func testFramesAndConsume() {
        var buffer = StreamBuffer()
        let f1 = FrameRef(number: 1, timestamp: .zero)
        let f2 = FrameRef(number: 2, timestamp: .zero)
        let f3 = FrameRef(number: 3, timestamp: .zero)
        buffer.append([1, 2, 3], from: f1)
        buffer.append([4, 5], from: f2)
        buffer.append([6], from: f3)
        XCTAssertEqual(buffer.readableBytes, 6)
        XCTAssertEqual(buffer.frames(forNext: 3).map(\.number), [1])
        XCTAssertEqual(buffer.frames(forNext: 4).map(\.number), [1, 2])
        buffer.consume(4)
        XCTAssertEqual(buffer.readerOffset, 4)
        XCTAssertEqual(Array(buffer.readable), [5, 6])
        XCTAssertEqual(buffer.frames(forNext: 2).map(\.number), [2, 3])
        buffer.discardReadable(thenSkip: 10)
        XCTAssertEqual(buffer.readerOffset, 16)
        XCTAssertTrue(buffer.isEmpty)
        buffer.append([7], from: f3)
        XCTAssertEqual(buffer.frame(atStreamOffset: 16)?.number, 3)
        XCTAssertNil(buffer.peek(at: 1))
        XCTAssertEqual(buffer.peek(at: 0), 7)
    }

    func testCompactionKeepsContent() {
        var buffer = StreamBuffer()
        var expected = [UInt8]()
        for i in 0..<2000 {
            let chunk = [UInt8](repeating: UInt8(i & 0xFF), count: 7)
            buffer.append(chunk, from: FrameRef(number: i + 1, timestamp: .zero))
            expected += chunk
            if i % 3 == 0 {
                buffer.consume(5)
                expected.removeFirst(5)
            }
        }
        XCTAssertEqual(Array(buffer.readable), expected)
        XCTAssertEqual(buffer.endOffset, 14000)
    }
}
