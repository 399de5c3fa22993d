import CMPCore
import CMPDissector
import XCTest

/// BER where DER is required, wrong tagging forms, trailing bytes, unknown bodies and damage.
final class EncodingTreeTests: XCTestCase {
    let builder = MessageTreeBuilder()
    let pkiconf = B.message(body: 19, B.null)

    func codes(_ tree: MessageTree) -> [String] { tree.findings.map(\.code.rawValue) }

    func testIndefiniteLengthIsAcceptedAndNamed() throws {
        let header = B.header()
        let bytes: [UInt8] = [0x30, 0x80] + header + [0xB3, 0x80, 0x05, 0x00, 0x00, 0x00] + [0x00, 0x00]
        let tree = builder.build(bytes)
        XCTAssertNil(tree.error)
        XCTAssertEqual(codes(tree), ["asn1.ber.indefinite-length", "asn1.ber.indefinite-length"])
        XCTAssertEqual(tree.findings.first?.location, .message(ByteRange(0..<bytes.count)))
        XCTAssertEqual(tree.root.find("body")?.value, "pkiconf (19)")
        XCTAssertEqual(tree.root.find("body", "pkiconf")?.value, "NULL")
    }

    func testNonMinimalLengthIsNamedWhereItIs() throws {
        // pvno as 02 81 01 02: one length octet would do (X.690 §10.1).
        let header = B.tlv(0x30, [0x02, 0x81, 0x01, 0x02], B.ctx(4, B.seq()), B.ctx(4, B.seq()))
        let bytes = B.seq(header, B.ctx(19, B.null))
        let tree = builder.build(bytes)
        XCTAssertNil(tree.error)
        XCTAssertEqual(codes(tree), ["asn1.ber.non-minimal-length"])
        let pvno = try XCTUnwrap(tree.root.find("header", "pvno"))
        XCTAssertEqual(pvno.value, "cmp2000 (2)")
        XCTAssertEqual(pvno.findings.map(\.code.rawValue), ["asn1.ber.non-minimal-length"])
        XCTAssertEqual(pvno.range, ByteRange(offset: 4, count: 4))
    }

    func testConstructedStringIsNamed() throws {
        // senderKID [2] { OCTET STRING, constructed: 24 06 04 01 61 04 01 62 } (X.690 §10.2 wants primitive).
        let kid = B.ctx(2, B.tlv(0x24, B.octets([0x61]), B.octets([0x62])))
        let header = B.seq(B.int(2), B.ctx(4, B.seq()), B.ctx(4, B.seq()), kid)
        let tree = builder.build(B.seq(header, B.ctx(19, B.null)))
        XCTAssertNil(tree.error)
        XCTAssertEqual(codes(tree), ["asn1.ber.constructed-string"])
        XCTAssertEqual(tree.root.find("header", "senderKID")?.children.map(\.value), ["61", "62"])
    }

    func testTrailingBytesAreShownAndNamed() throws {
        let bytes = pkiconf + [0xDE, 0xAD]
        let tree = builder.build(bytes)
        XCTAssertNil(tree.error)
        XCTAssertEqual(codes(tree), ["asn1.trailing-data"])
        let trailing = try XCTUnwrap(tree.root.find("[trailing data]"))
        XCTAssertEqual(trailing.value, "dead")
        XCTAssertEqual(trailing.range, ByteRange(lowerBound: pkiconf.count, upperBound: bytes.count))
        XCTAssertEqual(tree.root.find("PKIMessage", "body")?.value, "pkiconf (19)")
    }

    /// raVerified [0] NULL under CRMF's IMPLICIT tags is `80 00`; `A0 02 05 00` is the explicit form.
    func testRaVerifiedEncodedExplicitlyIsPinpointed() throws {
        let request = B.seq(B.seq(B.int(0), B.seq()), [0xA0, 0x02, 0x05, 0x00])
        let bytes = B.message(body: 0, B.seq(request))
        let tree = builder.build(bytes)
        XCTAssertNil(tree.error)
        XCTAssertEqual(codes(tree), ["asn1.wrong-tagging"])
        let popo = try XCTUnwrap(tree.root.named("popo").first)
        XCTAssertEqual(popo.value, "raVerified (0)")
        let raVerified = try XCTUnwrap(popo.find("raVerified"))
        XCTAssertEqual(raVerified.value, "NULL")
        XCTAssertEqual(raVerified.findings.map(\.code.rawValue), ["asn1.wrong-tagging"])
        XCTAssertEqual(Array(bytes[raVerified.range.range]), [0xA0, 0x02, 0x05, 0x00])
    }

    func testUnknownBodyTagKeepsItsBytes() throws {
        let bytes = B.seq(B.header(), B.ctx(27, B.octets([0x01, 0x02])))
        let tree = builder.build(bytes)
        XCTAssertNil(tree.error)
        XCTAssertEqual(codes(tree), ["cmp.body.unknown"])
        let body = try XCTUnwrap(tree.root.find("body"))
        XCTAssertEqual(body.value, "[27]")
        XCTAssertEqual(body.find("unknown", "OCTET STRING")?.value, "0102")
        XCTAssertEqual(body.findings.map(\.code.rawValue), ["cmp.body.unknown"])
    }

    /// A damaged field: the typed tree up to it, then the raw TLVs, with the path and offset.
    func testDamageGivesTypedTreeThenRawStructure() throws {
        // transactionID [4] holds an INTEGER where RFC 9810 has an OCTET STRING.
        let header = B.seq(B.int(2), B.ctx(4, B.seq()), B.ctx(4, B.seq()), B.ctx(4, B.int(5)), B.ctx(5, B.octets([1])))
        let bytes = B.seq(header, B.ctx(19, B.null))
        let tree = builder.build(bytes)
        let error = try XCTUnwrap(tree.error)
        XCTAssertEqual(error.fieldPath, "PKIMessage.header.transactionID")
        let tagOffset = try XCTUnwrap(tree.root.find("header", "transactionID")?.range.lowerBound)
        XCTAssertEqual(error.range.lowerBound, tagOffset + 2)
        XCTAssertEqual(codes(tree), ["asn1.malformed"])
        XCTAssertEqual(tree.root.find("header", "pvno")?.value, "cmp2000 (2)")
        XCTAssertEqual(tree.root.find("header", "transactionID")?.value, "INTEGER: 5")
        XCTAssertEqual(tree.root.find("body")?.value, "pkiconf (19)")
    }

    func testOutOfOrderFieldIsRawAfterTheDamage() throws {
        // pvno missing: the header starts with sender. Everything after is shown raw.
        let header = B.seq(B.ctx(4, B.seq()), B.ctx(4, B.seq()))
        let tree = builder.build(B.seq(header, B.ctx(19, B.null)))
        XCTAssertEqual(tree.error?.fieldPath, "PKIMessage.header.pvno")
        let raw = try XCTUnwrap(tree.root.find("header", "[unexpected]"))
        XCTAssertEqual(raw.value, "[4]")
    }

    func testNeverEmptyOnGarbage() {
        for bytes in [[], [0x01], [0x04, 0x02, 0x41, 0x42], [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], [0x30, 0x80]] as [[UInt8]] {
            let tree = builder.build(bytes)
            XCTAssertNotNil(tree.error, "\(bytes)")
            XCTAssertEqual(tree.root.name, "PKIMessage")
            XCTAssertFalse(tree.findings.isEmpty)
        }
    }

    /// Deep nesting stops at `Limits.maxASN1Depth` with an error, not a stack overflow.
    func testDepthLimit() {
        var deep: [UInt8] = [0x05, 0x00]
        for _ in 0..<5_000 { deep = B.seq(deep) }
        let bytes = B.seq(B.header(), B.ctx(21, B.seq(B.seq(B.oid("1.3.6.1.4.1.1"), deep))))
        let tree = builder.build(bytes)
        XCTAssertTrue(tree.error?.reason.contains("nesting deeper") ?? false)
    }

    /// A message of 400,000 tiny elements: the tree stops at its element limit with a finding.
    func testElementLimitBoundsTheTree() {
        let nulls: [UInt8] = (0..<800_000).map { $0 % 2 == 0 ? 0x05 : 0x00 }
        let bytes = B.seq(B.header(), B.ctx(19, B.null), B.ctx(1, B.tlv(0x30, nulls)))
        let tree = builder.build(bytes)
        XCTAssertTrue(tree.findings.contains { $0.code == .treeLimit })
        XCTAssertLessThan(tree.root.all.count, 260_000)
        XCTAssertEqual(tree.root.find("body")?.value, "pkiconf (19)")
    }

    /// Random mutations of a real message: never a trap, ranges inside the input.
    func testRandomMutations() throws {
        let original = try TreeFixtures.bytes("ip-sig")
        var state: UInt64 = 0x1234_5678
        func random() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<2_000 {
            var bytes = original
            for _ in 0..<(1 + random() % 4) { bytes[random() % bytes.count] = UInt8(random() & 0xFF) }
            let tree = builder.build(bytes)
            for node in tree.root.all {
                XCTAssertTrue(node.range.lowerBound >= 0 && node.range.upperBound <= bytes.count)
            }
        }
    }
}
