import CMPCore
@testable import CMPMessages
import XCTest

/// The swift-asn1 typed model against the tolerant walk and against the bytes.
final class TypedModelTests: XCTestCase {
    let decoder = CMPSummaryDecoder(limits: Limits())

    /// Every OpenSSL fixture is DER, so it takes the typed path, and the typed path reports exactly
    /// the facts the walk reports (the goldens depend on it).
    func testTypedSummaryEqualsTolerantWalkOnEveryFixture() throws {
        let names = try Fixtures.messageNames()
        XCTAssertGreaterThan(names.count, 20)
        for name in names {
            let bytes = try Fixtures.bytes("\(name).der")
            XCTAssertNotNil(decoder.decodeTyped(bytes), name)
            let typed = decoder.decode(bytes)
            let walked = decoder.decodeTolerant(bytes)
            XCTAssertEqual(typed.summary, walked.summary, name)
            XCTAssertEqual(typed.findings, walked.findings, name)
        }
    }

    /// Ranges are PKIMessage offsets: each points at the tag the ASN.1 says is there.
    func testRangesPointAtTheirTags() throws {
        for name in try Fixtures.messageNames() {
            let bytes = try Fixtures.bytes("\(name).der")
            let message = try XCTUnwrap(decoder.decodeTyped(bytes), name)
            XCTAssertEqual(message.range, ByteRange(0..<bytes.count), name)
            XCTAssertEqual(bytes[message.header.range.lowerBound], 0x30, name)
            XCTAssertEqual(bytes[message.header.pvno.range.lowerBound], 0x02, name)
            XCTAssertEqual(Int(bytes[message.body.range.lowerBound]), 0xA0 + message.body.type.rawValue, name)
            XCTAssertEqual(message.header.range.upperBound, message.body.range.lowerBound, name)
            if let id = message.header.transactionID {
                XCTAssertEqual(bytes[id.range.lowerBound], 0x04, name)
                XCTAssertEqual(Array(bytes[(id.range.upperBound - id.value.count)..<id.range.upperBound]), Array(id.value))
            }
            if let protection = message.protection {
                XCTAssertEqual(bytes[protection.range.lowerBound], 0x03, name)
                XCTAssertEqual(bytes[protection.range.lowerBound - 2], 0xA0, name)
            }
            for cert in message.extraCerts ?? [] {
                XCTAssertEqual(Array(bytes[cert.range.range]), Array(cert.encodedBytes))
            }
        }
    }

    /// BER (an indefinite length) is not DER: the walk takes over and still reports the facts.
    func testBERFallsBackToTheWalk() {
        typealias D = DERBuild
        let header = D.sequence(D.integer(2), D.explicit(4, D.name([])), D.explicit(4, D.name([])))
        let body: [UInt8] = [0xB3, 0x02, 0x05, 0x00]
        let ber: [UInt8] = [0x30, 0x80] + header + body + [0x00, 0x00]
        XCTAssertNil(decoder.decodeTyped(ber))
        let (summary, _) = decoder.decode(ber)
        XCTAssertNil(summary.error)
        XCTAssertEqual(summary.body, .pkiconf)
        XCTAssertEqual(summary.pvno, 2)
    }

    /// A pvno 3 certConf with hashAlg (RFC 9810 §5.3.18), decoded field by field.
    func testCertConfWithHashAlg() throws {
        typealias D = DERBuild
        let header = D.sequence(D.integer(3), D.explicit(4, D.name([])), D.explicit(4, D.name([])))
        let status = D.sequence(D.octets([1, 2, 3]), D.integer(7), D.statusInfo(0),
                                D.explicit(0, D.sequence(D.oid("2.16.840.1.101.3.4.2.1"))))
        let bytes = D.sequence(header, D.explicit(24, D.sequence(status)))
        let message = try XCTUnwrap(decoder.decodeTyped(bytes))
        XCTAssertEqual(message.header.pvno.value, 3)
        guard case .certConfirm(let statuses) = message.body.content else { return XCTFail("not certConf") }
        XCTAssertEqual(statuses.count, 1)
        XCTAssertEqual(statuses.first?.certReqId.value, 7)
        XCTAssertEqual(statuses.first.map { Array($0.certHash.value) }, [1, 2, 3])
        XCTAssertEqual(statuses.first?.hashAlg?.dotted, "2.16.840.1.101.3.4.2.1")
        XCTAssertEqual(statuses.first?.statusInfo?.status.value, .accepted)
        let (summary, _) = decoder.decode(bytes)
        XCTAssertEqual(summary, decoder.decodeTolerant(bytes).summary)
    }

    /// Trailing bytes after a DER message: typed path, with the same finding the walk gives.
    func testTrailingDataOnTypedPath() throws {
        let bytes = try Fixtures.bytes("error.der") + [0x00, 0x01]
        XCTAssertNotNil(decoder.decodeTyped(bytes))
        let typed = decoder.decode(bytes)
        let walked = decoder.decodeTolerant(bytes)
        XCTAssertEqual(typed.summary, walked.summary)
        XCTAssertEqual(typed.findings, walked.findings)
        XCTAssertEqual(typed.findings.map(\.code), [.asn1TrailingData])
    }
}

/// What protection verification needs from the typed model.
final class TypedProtectionInputTests: XCTestCase {
    /// ProtectedPart is SEQUENCE { header, body } over the original bytes: rebuilt from the
    /// fixture it equals `30 len` + the bytes from the header's start to the body's end.
    func testProtectedPartAndPBMParameter() throws {
        let bytes = try Fixtures.bytes("ip-pbm.der")
        let message = try XCTUnwrap(CMPSummaryDecoder().decodeTyped(bytes))
        let part = message.protectedPart
        let inner = Array(bytes[message.header.range.lowerBound..<message.body.range.upperBound])
        XCTAssertEqual(Array(part.suffix(inner.count)), inner)
        XCTAssertEqual(part.first, 0x30)
        // Length octets: 82 hi lo for a content of 256…65535 bytes.
        XCTAssertEqual(part.count, inner.count + (inner.count < 128 ? 2 : inner.count < 256 ? 3 : 4))

        let algorithm = try XCTUnwrap(message.header.protectionAlg)
        let parameters = try XCTUnwrap(PBMParameter(parametersOf: algorithm))
        // The fixture script's PBM: OpenSSL defaults (500 iterations, sha256 OWF, hmac-sha1).
        XCTAssertEqual(parameters.iterationCount.value, 500)
        XCTAssertEqual(parameters.owf.dotted, "2.16.840.1.101.3.4.2.1")
        XCTAssertEqual(parameters.mac.dotted, "1.3.6.1.5.5.8.1.2")
        XCTAssertEqual(parameters.salt.value.count, 16)
        XCTAssertEqual(message.protection?.value.count, 20)  // HMAC-SHA1
    }
}
