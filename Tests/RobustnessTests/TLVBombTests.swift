import CMPMessages
import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A TLV bomb in extraCerts, found by scripts/limits: bounded since main's `DERElementBudget`.
final class TLVBombTests: XCTestCase {
    /// CMPMessages, typed path: `CMPSummaryDecoder.decodeTyped` handed the whole message to swift-asn1,
    /// whose `DER.parse` builds one node per TLV. A 15 MiB PKIMessage (under the 16 MiB PDU limit, so it
    /// also arrives over HTTP) whose extraCerts hold 7.8 million two-byte TLVs (`05 00`) took 830 MiB
    /// peak RSS in the release build, 1.7 GiB once the annotated tree was merged (scripts/limits:
    /// extracerts-tlv-bomb-http), until messages past an element budget were left to the walks.
    func testTinyTLVsInExtraCertsStayWithinMemory() throws {
        let count = 15 * 1024 * 1024 / 2
        // PKIMessage { header { pvno 2, sender/recipient empty directoryName }, body pkiconf, extraCerts [1] }.
        let header: [UInt8] = [0x30, 0x0B, 0x02, 0x01, 0x02, 0xA4, 0x02, 0x30, 0x00, 0xA4, 0x02, 0x30, 0x00]
        let body: [UInt8] = [0xB3, 0x02, 0x05, 0x00]
        let certificates = Self.tlv(0x30, [UInt8](repeating: 0, count: count * 2).enumerated().map { $0.offset % 2 == 0 ? 0x05 : 0x00 })
        let message = Self.tlv(0x30, header + body + Self.tlv(0xA1, certificates))
        let before = Self.peakResidentBytes()
        let decoded = CMPSummaryDecoder().decode(message)
        XCTAssertEqual(decoded.summary.body, .pkiconf)
        let growth = Self.peakResidentBytes() - before
        XCTAssertLessThan(growth, 256 * 1024 * 1024, "peak RSS grew by \(growth / (1024 * 1024)) MiB")
    }

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var length = [UInt8]()
        var remaining = content.count
        while remaining > 0 { length.insert(UInt8(remaining & 0xFF), at: 0); remaining >>= 8 }
        let header: [UInt8] = content.count < 0x80 ? [UInt8(content.count)] : [0x80 | UInt8(length.count)] + length
        return [tag] + header + content
    }

    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
