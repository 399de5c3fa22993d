import CMPCore
import CMPMessages
import Foundation
import CMPTestSupport
import XCTest

/// Hostile input: every prefix, random mutations, huge lengths and counts, deep nesting. Each must
/// finish quickly with a result, never trap.
final class RobustnessTests: XCTestCase {
    typealias D = DERBuild
    let decoder = CMPSummaryDecoder(limits: Limits())

    /// Every prefix of every fixture: an error unless whole, and only facts the whole message has.
    func testTruncationSweep() throws {
        for name in try Fixtures.messageNames() {
            let bytes = try Fixtures.bytes("\(name).der")
            let full = decoder.decode(bytes).summary
            XCTAssertNil(full.error, name)
            for cut in 0..<bytes.count {
                let (part, findings) = decoder.decode(Array(bytes[0..<cut]))
                let context = "\(name) cut at \(cut)"
                guard let error = part.error else {
                    XCTFail("no error: \(context)")
                    continue
                }
                XCTAssertTrue(error.range.lowerBound <= cut && error.range.upperBound <= cut, context)
                XCTAssertEqual(findings.last?.code, .asn1Malformed, context)
                XCTAssertEqual(part.length, cut, context)
                assertSubset(part, of: full, context)
            }
        }
    }

    func assertSubset(_ part: CMPMessageSummary, of full: CMPMessageSummary, _ context: String,
                      file: StaticString = #filePath, line: UInt = #line) {
        func same<T: Equatable>(_ value: T?, _ whole: T?, _ field: String) {
            if let value { XCTAssertEqual(value, whole, "\(field): \(context)", file: file, line: line) }
        }
        func prefix<T: Equatable>(_ values: [T], _ whole: [T], _ field: String) {
            XCTAssertTrue(values.count <= whole.count && Array(whole.prefix(values.count)) == values,
                          "\(field): \(context)", file: file, line: line)
        }
        same(part.pvno, full.pvno, "pvno")
        same(part.body, full.body, "body")
        same(part.transactionID, full.transactionID, "transactionID")
        same(part.senderNonce, full.senderNonce, "senderNonce")
        same(part.recipNonce, full.recipNonce, "recipNonce")
        same(part.senderKID, full.senderKID, "senderKID")
        same(part.sender, full.sender, "sender")
        same(part.recipient, full.recipient, "recipient")
        same(part.messageTime, full.messageTime, "messageTime")
        same(part.protectionAlgorithm, full.protectionAlgorithm, "protectionAlgorithm")
        XCTAssertTrue(!part.isProtected || full.isProtected, "isProtected: \(context)", file: file, line: line)
        prefix(part.statuses, full.statuses, "statuses")
        prefix(part.certReqIds, full.certReqIds, "certReqIds")
        prefix(part.checkAfter, full.checkAfter, "checkAfter")
        prefix(part.infoTypes, full.infoTypes, "infoTypes")
        XCTAssertTrue(Set(part.failInfo).isSubset(of: Set(full.failInfo)), "failInfo: \(context)", file: file, line: line)
    }

    /// Seeded byte flips, insertions and deletions over every fixture (SplitMix64, so a failure replays).
    func testRandomMutationsFinish() throws {
        var random = SeededGenerator(seed: 0x5EED_C0DE)
        for name in try Fixtures.messageNames() {
            let original = try Fixtures.bytes("\(name).der")
            for _ in 0..<300 {
                var bytes = original
                for _ in 0...(random.next() % 3) {
                    let position = Int(random.next() % UInt64(bytes.count))
                    switch random.next() % 4 {
                    case 0: bytes[position] ^= UInt8(1 << (random.next() % 8))
                    case 1: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                    case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                    default: if bytes.count > 1 { bytes.remove(at: position) }
                    }
                }
                let (summary, findings) = decoder.decode(bytes)
                if let error = summary.error {
                    XCTAssertTrue(error.range.lowerBound >= 0 && error.range.upperBound <= bytes.count, name)
                    XCTAssertTrue(findings.contains { $0.code == .asn1Malformed }, name)
                }
                XCTAssertLessThanOrEqual(summary.length, bytes.count)
            }
        }
    }

    /// Random buffers shaped like a message start (30 …, nested tags), seeded.
    func testRandomBuffersFinish() {
        var random = SeededGenerator(seed: 42)
        let prefixes: [[UInt8]] = [[0x30], [0x30, 0x80, 0x30], [0x30, 0x82, 0x01, 0x00, 0x30, 0x10, 0x02, 0x01, 0x02, 0xA4]]
        for round in 0..<5_000 {
            let count = Int(random.next() % 96)
            var bytes = prefixes[round % prefixes.count]
            for _ in 0..<count { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            let (summary, _) = decoder.decode(bytes)
            XCTAssertLessThanOrEqual(summary.length, bytes.count)
            if let error = summary.error { XCTAssertLessThanOrEqual(error.range.upperBound, bytes.count) }
        }
    }

    func testOverlongTagNumber() {
        let (summary, _) = decoder.decode([0x30, 0x08, 0x3F, 0x81, 0x81, 0x81, 0x81, 0x01, 0x00, 0x00])
        XCTAssertEqual(summary.error?.reason, "tag number longer than 4 octets")
        XCTAssertEqual(summary.error?.fieldPath, "PKIMessage.header")
    }

    func testHugeClaimedLengths() {
        let cases: [[UInt8]] = [
            [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x30, 0x03, 0x02, 0x01, 0x02],
            [0x30, 0x88, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x30, 0x00],
            [0x30, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [0x30, 0x8F] + [UInt8](repeating: 0xFF, count: 15),
            [0x30, 0x06, 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF],
            [0x30, 0x0A, 0x30, 0x08, 0x02, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0x00],
        ]
        for bytes in cases {
            let (summary, _) = decoder.decode(bytes)
            XCTAssertNotNil(summary.error, "\(bytes)")
            XCTAssertLessThanOrEqual(summary.length, bytes.count)
        }
        XCTAssertEqual(decoder.decode(cases[0]).summary.pvno, 2)
    }

    /// 100,000 certificates in extraCerts (definite and indefinite lengths) are skipped, not parsed.
    func testManyExtraCertsAreSkipped() {
        let header = D.sequence(D.integer(2), D.explicit(4, D.name([])), D.explicit(4, D.name([])))
        let certificates = [UInt8](repeating: 0, count: 0).reserved(100_000 * 5) { certificates in
            for _ in 0..<100_000 { certificates += [0x30, 0x03, 0x02, 0x01, 0x01] }
        }
        let protection = D.explicit(0, D.tlv(0x03, [0x00, 0xAB]))
        let definite = D.sequence(header, [0xB3, 0x02, 0x05, 0x00], protection, D.explicit(1, D.tlv(0x30, certificates)))
        let indefinite = [0x30, 0x80] + header + [0xB3, 0x02, 0x05, 0x00] + protection
            + [0xA1, 0x80, 0x30, 0x80] + certificates + [0, 0, 0, 0, 0, 0]
        for bytes in [definite, indefinite] {
            // Not a timing test (figures belong to the benchmark): the work bound is that swift-asn1
            // is never handed 100,000 certificates, the walk skips them by length.
            XCTAssertNil(decoder.decodeTyped(bytes))
            let (summary, findings) = decoder.decode(bytes)
            XCTAssertNil(summary.error)
            XCTAssertEqual(findings, [])
            XCTAssertEqual(summary.length, bytes.count)
            XCTAssertTrue(summary.isProtected)
            XCTAssertEqual(summary.body, .pkiconf)
        }
    }

    /// A 1 MiB failInfo of ones: the 27 named bits plus a bounded number of unknown ones.
    func testHugeFailInfo() {
        let bits = D.tlv(0x03, [0x00] + [UInt8](repeating: 0xFF, count: 1 << 20))
        let body = D.explicit(23, D.sequence(D.sequence(D.integer(2), bits)))
        let bytes = D.sequence(D.sequence(D.integer(2), D.explicit(4, D.name([])), D.explicit(4, D.name([]))), body)
        let (summary, _) = decoder.decode(bytes)
        XCTAssertNil(summary.error)
        XCTAssertEqual(summary.failInfo.count, PKIFailureInfoBit.names.count + 64)
        XCTAssertEqual(summary.failInfo.prefix(3).map(\.name), ["badAlg", "badMessageCheck", "badRequest"])
    }

    /// 100,000 nested indefinite lengths after the body, and 2,000 nested definite SEQUENCEs as the
    /// sender's Name: bounded by the depth limit (ours and swift-asn1's), no recursion blow-up.
    func testDeepNesting() {
        let header = D.sequence(D.integer(2), D.explicit(4, D.name([])), D.explicit(4, D.name([])))
        let deepIndefinite = [0x30, 0x80] + header + [0xB3, 0x02, 0x05, 0x00] + [0xA1, 0x80]
            + [UInt8](repeating: 0, count: 200_000).enumerated().map { $0.offset % 2 == 0 ? 0x30 : 0x80 }
        let (summary, _) = decoder.decode(deepIndefinite)
        XCTAssertEqual(summary.body, .pkiconf)
        XCTAssertTrue(summary.error?.reason.contains("nesting deeper") ?? false, "\(String(describing: summary.error))")

        var name: [UInt8] = [0x30, 0x00]
        for _ in 0..<2_000 { name = D.tlv(0x30, name) }
        let deepName = D.sequence(D.sequence(D.integer(2), D.explicit(4, name), D.explicit(4, D.name([]))),
                                  [0xB3, 0x02, 0x05, 0x00])
        let deep = decoder.decode(deepName).summary
        XCTAssertNil(deep.error)
        XCTAssertEqual(deep.sender?.first, "#")
        XCTAssertEqual(deep.body, .pkiconf)
    }

    func testDepthLimitComesFromLimits() throws {
        var limits = Limits()
        limits.maxASN1Depth = 2
        let (summary, _) = CMPSummaryDecoder(limits: limits).decode(try Fixtures.bytes("ip-pbm.der"))
        XCTAssertTrue(summary.error?.reason.contains("nesting deeper than 2") ?? false)
        XCTAssertEqual(summary.pvno, 2)
    }
}


extension Array {
    /// Builds an array in place with capacity reserved up front.
    func reserved(_ capacity: Int, _ fill: (inout [Element]) -> Void) -> [Element] {
        var copy = self
        copy.reserveCapacity(capacity)
        fill(&copy)
        return copy
    }
}
