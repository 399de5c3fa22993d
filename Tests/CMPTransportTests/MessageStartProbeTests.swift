import CMPCore
import CMPTestSupport
@testable import CMPTransport
import XCTest

/// The errorMsgRep part of the TCP-Messaging probe: real error PDUs are text and short, and random
/// bytes of a connection picked up late must not pass for one (the 1 GB benchmark capture had 13
/// "errorMsgRep" PDUs of up to 13 MiB on TLS connections before the probe checked the text).
final class MessageStartProbeTests: XCTestCase {
    private func probe(_ bytes: [UInt8]) -> ProbeVerdict {
        bytes.withUnsafeBytes { MessageStartProbe.tcpMessaging($0, at: 0, maxPDUSize: 16 << 20) }
    }

    private func rfc2510(_ type: UInt8, _ value: [UInt8], declared: Int? = nil) -> [UInt8] {
        let length = UInt32(declared ?? value.count + 1)
        return withUnsafeBytes(of: length.bigEndian, Array.init) + [type] + value
    }

    private func draft(_ type: UInt8, _ value: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(value.count + 3).bigEndian, Array.init) + [10, 0, type] + value
    }

    func testErrorMessagePDUs() {
        let text = Array("unknown polling reference".utf8)
        let cases: [(String, [UInt8], ProbeVerdict)] = [
            ("RFC 2510 text", rfc2510(6, text), .yes),
            ("RFC 2510 UTF-8 text", rfc2510(6, Array("référence inconnue".utf8)), .yes),
            ("RFC 2510 text with a line break", rfc2510(6, Array("error\r\n".utf8)), .yes),
            ("RFC 2510 binary", rfc2510(6, [0x8F, 0x01, 0xC3, 0x00, 0x17]), .no),
            ("RFC 2510 text cut before 16 bytes", Array(rfc2510(6, text).prefix(12)), .needMore),
            ("RFC 2510 13 MiB of 'text'", rfc2510(6, text, declared: 13_559_376), .no),
            ("RFC 2510 64 KiB", rfc2510(6, text, declared: 65_536), .yes),
            ("draft code, data, text", draft(6, [0x03, 0x01, 0x00, 0x02, 0xAB, 0xCD] + text), .yes),
            ("draft, no data, no text", draft(6, [0x00, 0x01, 0x00, 0x00]), .yes),
            ("draft data longer than the value", draft(6, [0x03, 0x01, 0x01, 0x00] + text), .no),
            ("draft binary text", draft(6, [0x03, 0x01, 0x00, 0x00, 0x00, 0x01, 0x02]), .no),
        ]
        for (name, bytes, expected) in cases {
            XCTAssertEqual(probe(bytes), expected, name)
        }
    }

    /// Seeded random segment starts: none may pass for an errorMsgRep.
    func testRandomBytesAreNoErrorMessage() {
        var random = SeededGenerator(seed: 2510)
        var accepted = 0
        for _ in 0..<200_000 {
            var bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes[0] = 0
            bytes[4] = 6  // the worst case: a plausible length byte and the errorMsgRep type
            if probe(bytes) == .yes { accepted += 1 }
        }
        XCTAssertEqual(accepted, 0)
    }
}
