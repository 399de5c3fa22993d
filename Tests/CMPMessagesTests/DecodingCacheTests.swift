@testable import CMPMessages
import CMPTestSupport
import SwiftASN1
import XCTest

/// The caches and the fast text paths the decoders use for speed must not change what they report.
final class DecodingCacheTests: XCTestCase {
    /// Our dotted text against swift-asn1's, over seeded OIDs with arcs of every width up to 63 bits.
    /// (Second arcs under 2 stay below 40: there swift-asn1 splits the first subidentifier as
    /// `v / 40, v % 40`, where X.690 §8.19.4 gives `2, v - 80`; see the next test.)
    func testDottedOIDMatchesSwiftASN1() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let first = UInt.random(in: 0...2, using: &random)
            let second = UInt.random(in: 0...39, using: &random)
            var arcs: [UInt] = [first, second]
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let bits = Int.random(in: 1...63, using: &random)
                arcs.append(UInt.random(in: 0...(UInt(1) << bits - 1), using: &random))
            }
            let oid = try ASN1ObjectIdentifier(elements: arcs)
            var serializer = DER.Serializer()
            try serializer.serialize(oid)
            let node = try DER.parse(serializer.serializedBytes)
            guard case .primitive(let content) = node.content else { return XCTFail("OID not primitive") }
            XCTAssertEqual(ASN1Primitive.dottedOID(content), oid.description)
            let bytes = Array(content)
            XCTAssertEqual(ASN1Primitive.dottedOID(bytes, 0..<bytes.count), oid.description)
        }
        // An arc that does not end, and an arc past 64 bits, have no text.
        XCTAssertNil(ASN1Primitive.dottedOID([0x2A, 0x86], 0..<2))
        XCTAssertNil(ASN1Primitive.dottedOID([0x2A] + [UInt8](repeating: 0xFF, count: 10) + [0x01], 0..<12))
        XCTAssertNil(ASN1Primitive.dottedOID([], 0..<0))
    }

    /// X.690 §8.19.4's own example: `2.999` is encoded as the one subidentifier 1079 (`88 37`).
    func testFirstSubidentifierBeyond80IsJointIsoItuT() {
        XCTAssertEqual(ASN1Primitive.dottedOID([0x88, 0x37, 0x03], 0..<3), "2.999.3")
        XCTAssertEqual(ASN1Primitive.dottedOID([0x50], 0..<1), "2.0")
        XCTAssertEqual(ASN1Primitive.dottedOID([0x4F], 0..<1), "1.39")
    }

    func testBoundedCacheEmptiesWhenFullAndKeepsOwnedKeys() {
        let cache = BoundedCache<ByteKey, String>(capacity: 4)
        var computed = 0
        let message: [UInt8] = Array(0..<64)
        for round in 0..<2 {
            for start in stride(from: 0, to: 40, by: 8) {
                let slice = message[start..<(start + 8)]
                let text = cache.value(for: ByteKey(slice), stored: { ByteKey(slice).detached }) {
                    computed += 1
                    return "\(start)"
                }
                XCTAssertEqual(text, "\(start)", "round \(round)")
                XCTAssertLessThanOrEqual(cache.count, 4)
            }
        }
        // Five keys through a cache of four: it emptied, so the second round computed again.
        XCTAssertEqual(computed, 10)
        let hit = cache.value(for: ByteKey(message[32..<40]), stored: { ByteKey(message[32..<40]).detached }) {
            XCTFail("the last key inserted is cached")
            return ""
        }
        XCTAssertEqual(hit, "32")
    }

    /// Names past `ByteKey.maxCachedName` are computed every time: a megabyte name in each of 1,024
    /// messages must not become a gigabyte of cache.
    func testLargeNamesAreNotCached() throws {
        func name(_ length: Int) -> [UInt8] {
            let value = DERWriter.tlv(0x0C, Array(repeating: 0x61, count: length))
            return DERWriter.tlv(0x30, DERWriter.tlv(0x31, DERWriter.tlv(0x30, DERWriter.oid("2.5.4.3") + value)))
        }
        let cache = NameTextCache()
        for (length, cached) in [(20, 1), (ByteKey.maxCachedName, 1), (ByteKey.maxCachedName + 1, 0), (100_000, 0)] {
            let bytes = name(length)
            let scanner = TLVScanner(bytes: bytes, maxDepth: 64)
            let tlv = try scanner.read(at: 0, limit: bytes.count, depth: 0)
            let before = cache.directoryNames.count
            XCTAssertEqual(DirectoryNameText.text(of: tlv, in: bytes, scanner: scanner, cache: cache)?.count, length + 3)
            XCTAssertEqual(cache.directoryNames.count - before, bytes.count <= ByteKey.maxCachedName ? cached : 0, "\(length)")
        }
    }

    /// The OID cache gives what the computation gives, remembers a rejection too (nil), and leaves
    /// content past `maxCachedLength` uncached.
    func testOIDTextCacheRemembersVerdictsByContent() {
        let cache = OIDTextCache()
        var computed = 0
        func text(_ content: [UInt8]) -> String? {
            cache.text(content: content[...]) {
                computed += 1
                return ASN1Primitive.dottedOID(content[...])
            }
        }
        let pbm: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF6, 0x7D, 0x07, 0x42, 0x0D]
        XCTAssertEqual(text(pbm), "1.2.840.113533.7.66.13")
        XCTAssertEqual(text(pbm), "1.2.840.113533.7.66.13")
        XCTAssertEqual(computed, 1)
        // The same octets inside another array (other indices) hit too.
        let framed: [UInt8] = [0x06, 0x09] + pbm
        XCTAssertEqual(cache.text(content: framed[2...]) { XCTFail("recomputed"); return nil }, "1.2.840.113533.7.66.13")
        let unterminated: [UInt8] = [0x2A, 0x86]
        XCTAssertNil(text(unterminated))
        XCTAssertNil(text(unterminated))
        XCTAssertEqual(computed, 2)
        let long = [UInt8](repeating: 0x2A, count: OIDTextCache.maxCachedLength + 1)
        _ = text(long)
        _ = text(long)
        XCTAssertEqual(computed, 4, "long content is computed every time")
    }

    func testByteKeysCompareBytesWhateverTheirIndices() {
        let first: [UInt8] = [9, 1, 2, 3]
        let second: [UInt8] = [1, 2, 3]
        XCTAssertEqual(ByteKey(first[1...]), ByteKey(second[...]))
        XCTAssertEqual(ByteKey(first[1...]).hashValue, ByteKey(second[...]).hashValue)
        XCTAssertNotEqual(ByteKey(first[1...]), ByteKey(second[..<2]))
        XCTAssertEqual(ByteKey(first[0..<0]), ByteKey(second[0..<0]))
        XCTAssertEqual(ByteKey(first[1...]).detached.bytes.startIndex, 0)
    }

    /// A decoder that has seen every fixture message reports the same for each as a fresh one.
    func testCachedNamesGiveTheSameSummaries() throws {
        let messages = try Fixtures.messageNames().map { ($0, try Fixtures.bytes($0 + ".der")) }
        XCTAssertGreaterThan(messages.count, 30)
        let shared = CMPSummaryDecoder()
        for _ in 0..<2 {
            for (name, der) in messages {
                let fresh = CMPSummaryDecoder()
                XCTAssertEqual(shared.decode(der).summary, fresh.decode(der).summary, name)
                XCTAssertEqual(shared.decodeTolerant(der).summary, fresh.decodeTolerant(der).summary, name)
            }
        }
    }
}
