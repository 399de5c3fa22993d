import XCTest

@testable import CMPPacket

final class ByteReaderTests: XCTestCase {
    func testReadsAdvancePeeksDoNotAndShortInputGivesNil() {
        let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]
        bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer, baseOffset: 100)
            XCTAssertEqual(reader.peekU16(), 0x0102)
            XCTAssertEqual(reader.peekU32(at: 1), 0x0203_0405)
            XCTAssertEqual(reader.peekU32LE(), 0x0403_0201)
            XCTAssertEqual(reader.offset, 100)
            XCTAssertEqual(reader.readU8(), 0x01)
            XCTAssertEqual(reader.readU64(), 0x0203_0405_0607_0809)
            XCTAssertEqual(reader.offset, 109)
            XCTAssertNil(reader.readU8())
            XCTAssertNil(reader.peekU16(at: -1))
            var limited = ByteReader(buffer, position: 2)
            XCTAssertTrue(limited.limit(to: 3))
            XCTAssertNil(limited.peekU32())
            XCTAssertEqual(limited.readU16(), 0x0304)
            XCTAssertNil(limited.readU16())
            XCTAssertEqual(Array(limited.rest()), [0x05])
            XCTAssertFalse(limited.skip(2))
            XCTAssertFalse(limited.limit(to: 2))
            XCTAssertFalse(limited.skip(-1))
            XCTAssertEqual(limited.remaining, 1)
        }
    }
}
