import CMPCore
import CMPOutput
import Foundation
import XCTest

/// `-x` dumps the transport header (HTTP head, TCP-Messaging header) before the PKIMessage.
final class TransportHeaderDumpTests: XCTestCase {
    private func firstMessage(_ capture: String) throws -> (DissectedMessage, String) {
        let (messages, start) = try Fixtures.dissect(Fixtures.captures.appendingPathComponent(capture),
                                                     options: TreeGoldenTests.treeOptions)
        let message = try XCTUnwrap(messages.first)
        return (message, TreeText.render(message, context: RenderContext(captureStart: start), hexDump: true))
    }

    /// openssl cmp's request: `POST /pkix/ HTTP/1.0` CRLF, headers, CRLF CRLF (RFC 9112 §2.1).
    func testHTTPHeadIsKeptAndDumped() throws {
        let (message, text) = try firstMessage("ir-pbm.pcap")
        let header = try XCTUnwrap(message.envelope.transportHeader)
        let head = String(decoding: header, as: UTF8.self)
        XCTAssertTrue(head.hasPrefix("POST /pkix/ HTTP/1.0\r\n"), head)
        XCTAssertTrue(head.hasSuffix("\r\n\r\n"), head)
        XCTAssertTrue(head.contains("Content-Length: \(message.envelope.pkiMessage?.count ?? -1)\r\n"), head)
        // "POST /pkix/ HTTP/1.0": 50 4f 53 54 20 2f 70 6b | 69 78 2f 20 48 54 54 50, ASCII on the right.
        XCTAssertTrue(text.contains("Transport header (\(header.count) bytes, http):\n"
                                    + "0000  50 4f 53 54 20 2f 70 6b  69 78 2f 20 48 54 54 50   POST /pkix/ HTTP\n"), text)
        let pkiLabel = try XCTUnwrap(text.range(of: "PKIMessage (\(message.envelope.pkiMessage?.count ?? -1) bytes):\n0000  30 82 "))
        XCTAssertLessThan(try XCTUnwrap(text.range(of: "Transport header")).lowerBound, pkiLabel.lowerBound)
        // Without -x, nothing of it shows.
        XCTAssertFalse(TreeText.render(message, context: RenderContext(), hexDump: false).contains("Transport header"))
    }

    /// RFC 2510 §5.2: length(4) = 1 + value, then type 0 (pkiMsg); the PKIMessage follows.
    func testRFC2510HeaderIsKeptAndDumped() throws {
        let (message, text) = try firstMessage("tcpmsg-rfc2510.pcap")
        let der = try XCTUnwrap(message.envelope.pkiMessage)
        let length = der.count + 1
        let expected: [UInt8] = [UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
                                 UInt8(length & 0xFF), 0x00]
        XCTAssertEqual(message.envelope.transportHeader, expected)
        let hex = expected.map { String(format: "%02x", $0) }.joined(separator: " ")
        XCTAssertTrue(text.contains("Transport header (5 bytes, tcpmsg):\n0000  \(hex) "), text)
    }

    /// draft version 10: length(4) = 3 + value, version 10, flags, type 0 (pkiReq).
    func testVersion10HeaderIsKeptAndDumped() throws {
        let (message, text) = try firstMessage("tcpmsg-v10.pcap")
        let der = try XCTUnwrap(message.envelope.pkiMessage)
        let header = try XCTUnwrap(message.envelope.transportHeader)
        XCTAssertEqual(header.count, 7)
        let length = der.count + 3
        XCTAssertEqual(Array(header.prefix(5)), [UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF),
                                                 UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), 10])
        XCTAssertEqual(header[6], 0x00)
        XCTAssertTrue(text.contains("Transport header (7 bytes, tcpmsg):\n"), text)
    }

    /// A PKIMessage read from a file has no transport header: `-x` shows the PKIMessage alone, unlabelled.
    func testFileInputHasNoTransportHeader() throws {
        let folder = Fixtures.root.appendingPathComponent("messages")
        let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".der") }.sorted().first)
        let (messages, _) = try Fixtures.dissect(folder.appendingPathComponent(name), options: TreeGoldenTests.treeOptions)
        let message = try XCTUnwrap(messages.first)
        XCTAssertNil(message.envelope.transportHeader)
        let text = TreeText.render(message, context: RenderContext(), hexDump: true)
        XCTAssertFalse(text.contains("Transport header"))
        XCTAssertFalse(text.contains("PKIMessage ("))
    }
}
