import CMPMessages
import XCTest

final class MessageFileReaderTests: XCTestCase {
    func testDER() throws {
        let der = try Fixtures.bytes("ir-pbm.der")
        XCTAssertEqual(MessageFileReader.pkiMessages(fromFileBytes: der), [der])
    }

    func testPEMFixture() throws {
        let pem = try Fixtures.bytes("ir-pbm.pem")
        XCTAssertEqual(MessageFileReader.pkiMessages(fromFileBytes: pem), [try Fixtures.bytes("ir-pbm.der")])
    }

    func testBase64Fixture() throws {
        let text = try Fixtures.bytes("genm-pbm.b64")
        XCTAssertEqual(MessageFileReader.pkiMessages(fromFileBytes: text), [try Fixtures.bytes("genm-pbm.der")])
    }

    /// Two blocks with other labels, CRLF line ends, an RFC 7468 header line and text around them.
    func testSeveralPEMBlocks() {
        let text = "some log line\r\n-----BEGIN PKIMESSAGE-----\r\nProc-Type: 4,ENCRYPTED\r\nMAMCAQI=\r\n-----END PKIMESSAGE-----\r\n"
            + "-----BEGIN X-----\nMAUCAwEAAQ==\n-----END X-----\n"
        XCTAssertEqual(MessageFileReader.pkiMessages(fromFileBytes: Array(text.utf8)),
                       [[0x30, 0x03, 0x02, 0x01, 0x02], [0x30, 0x05, 0x02, 0x03, 0x01, 0x00, 0x01]])
    }

    func testBareBase64WithWhitespaceAndWithoutPadding() {
        XCTAssertEqual(MessageFileReader.pkiMessages(fromFileBytes: Array("  MAMC\n AQI \n".utf8)), [[0x30, 0x03, 0x02, 0x01, 0x02]])
        XCTAssertEqual(MessageFileReader.pkiMessages(fromFileBytes: Array("MAUCAwEAAQ".utf8)), [[0x30, 0x05, 0x02, 0x03, 0x01, 0x00, 0x01]])
    }

    func testGarbage() {
        let cases: [[UInt8]] = [
            [], Array("hello world!".utf8), Array("AAAA".utf8), Array("A".utf8), [0xD4, 0xC3, 0xB2, 0xA1, 0x02, 0x00],
            [0x0A, 0x0D, 0x0D, 0x0A], Array("-----BEGIN X-----\n!!!\n-----END X-----\n".utf8), Array("-----BEGIN X-----".utf8),
        ]
        for bytes in cases {
            XCTAssertNil(MessageFileReader.pkiMessages(fromFileBytes: bytes), "\(bytes)")
        }
    }
}
