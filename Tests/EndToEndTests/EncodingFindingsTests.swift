import CMPCore
import CMPPipeline
import XCTest

/// BER where DER is required is reported without -V too (summary line, JSON), and only the
/// encoding findings of the tree come along.
final class EncodingFindingsTests: XCTestCase {
    /// pkiconf: `SEQUENCE { header { pvno 2, NULL-DN, NULL-DN }, [19] NULL }`.
    static let header: [UInt8] = [0x30, 0x0B, 0x02, 0x01, 0x02, 0xA4, 0x02, 0x30, 0x00, 0xA4, 0x02, 0x30, 0x00]
    static let der: [UInt8] = [0x30, 0x11] + header + [0xB3, 0x02, 0x05, 0x00]
    static let indefinite: [UInt8] = [0x30, 0x80] + header + [0xB3, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00]
    /// pvno's length in two octets (02 81 01 02) where one does.
    static let nonMinimal: [UInt8] = [0x30, 0x12, 0x30, 0x0C, 0x02, 0x81, 0x01, 0x02, 0xA4, 0x02, 0x30, 0x00, 0xA4, 0x02, 0x30, 0x00,
                                      0xB3, 0x02, 0x05, 0x00]

    private func codes(_ message: [UInt8], tree: Bool) -> [String] {
        var options = PipelineOptions()
        options.buildTree = tree
        var dissector = CaptureDissector(options: options)
        var found: [DissectedMessage] = []
        dissector.dissectFileMessages([message]) { message, _ in found.append(message) }
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.summary?.body, .pkiconf)
        return found.first?.findings.map(\.code.rawValue).filter { $0.hasPrefix("asn1.") } ?? []
    }

    func testBERIsNamedWithAndWithoutTheTree() {
        for tree in [false, true] {
            XCTAssertEqual(codes(Self.der, tree: tree), [], "DER, tree \(tree)")
            XCTAssertEqual(codes(Self.indefinite, tree: tree), ["asn1.ber.indefinite-length", "asn1.ber.indefinite-length"],
                           "indefinite, tree \(tree)")
            XCTAssertEqual(codes(Self.nonMinimal, tree: tree), ["asn1.ber.non-minimal-length"], "non-minimal, tree \(tree)")
        }
    }
}
