import CMPCore
import CMPMessages
import XCTest

/// Messages OpenSSL does not send, built byte by byte from the RFC 9810 module (EXPLICIT tags).
final class HandBuiltSummaryTests: XCTestCase {
    typealias D = DERBuild
    let decoder = CMPSummaryDecoder(limits: Limits())

    static let nullDN = D.explicit(4, D.name([]))
    static let pkiconf: [UInt8] = [0xB3, 0x02, 0x05, 0x00]

    func message(pvno: Int = 2, sender: [UInt8] = nullDN, recipient: [UInt8] = nullDN, header: [UInt8] = [],
                 body: [UInt8], trailer: [UInt8] = []) -> [UInt8] {
        D.sequence(D.sequence(D.integer(pvno), sender, recipient, header), body, trailer)
    }

    func testUnknownBodyTagsAreKeptWithAFinding() {
        // [27] in the low-tag form (BB) and [40] in the high-tag form (BF 28).
        for (body, tag) in [([0xBB, 0x02, 0x05, 0x00] as [UInt8], 27), ([0xBF, 0x28, 0x02, 0x05, 0x00], 40)] {
            let bytes = message(body: body)
            let (summary, findings) = decoder.decode(bytes)
            XCTAssertNil(summary.error)
            XCTAssertEqual(summary.body?.rawValue, tag)
            XCTAssertEqual(summary.body?.name, "unknown-\(tag)")
            XCTAssertEqual(findings.map(\.code), [.cmpBodyUnknown])
            XCTAssertEqual(summary.length, bytes.count)
        }
    }

    /// RevRepContent with four PKIStatusInfos; failInfo bits are reported in bit order without repeats.
    func testRevocationResponseWithSeveralStatuses() {
        let body = D.explicit(12, D.sequence(D.sequence(
            D.statusInfo(0), D.statusInfo(2, failBits: [4, 1]), D.statusInfo(4), D.statusInfo(2, failBits: [1]))))
        let (summary, findings) = decoder.decode(message(body: body))
        XCTAssertNil(summary.error)
        XCTAssertEqual(findings, [])
        XCTAssertEqual(summary.body, .rp)
        XCTAssertEqual(summary.statuses, [.accepted, .rejection, .revocationWarning, .rejection])
        XCTAssertEqual(summary.failInfo.map(\.name), ["badMessageCheck", "badCertId"])
        XCTAssertEqual(summary.certReqIds, [])
    }

    func testPollRepCheckAfter() {
        let body = D.explicit(26, D.sequence(
            D.sequence(D.integer(0), D.integer(60)),
            D.sequence(D.integer(1), D.integer(3600), D.sequence(D.tlv(0x0C, Array("busy".utf8))))))
        let (summary, _) = decoder.decode(message(body: body))
        XCTAssertNil(summary.error)
        XCTAssertEqual(summary.body, .pollRep)
        XCTAssertEqual(summary.certReqIds, [0, 1])
        XCTAssertEqual(summary.checkAfter, [60, 3600])
        XCTAssertEqual(summary.statuses, [])
    }

    /// Every optional header field, generalInfo with implicitConfirm (id-it 13) and certProfile (id-it 21).
    func testFullHeader() {
        let header = D.explicit(0, D.tlv(0x18, Array("20260101120000Z".utf8)))
            + D.explicit(1, D.sequence(D.oid("1.2.840.113533.7.66.13"), D.sequence()))
            + D.explicit(2, D.octets([0x6B, 0x69, 0x64]))
            + D.explicit(3, D.octets([0x99]))
            + D.explicit(4, D.octets([0x01, 0x02, 0x03, 0x04]))
            + D.explicit(5, D.octets([0xAA, 0xBB]))
            + D.explicit(6, D.octets([0xCC]))
            + D.explicit(7, D.sequence(D.tlv(0x0C, Array("hi".utf8))))
            + D.explicit(8, D.sequence(
                D.sequence(D.oid("1.3.6.1.5.5.7.4.13"), [0x05, 0x00]),
                D.sequence(D.oid("1.3.6.1.5.5.7.4.21"), D.sequence(D.tlv(0x0C, Array("p".utf8))))))
        let bytes = message(pvno: 3, sender: D.tlv(0x81, Array("ra@example.com".utf8)),
                            recipient: D.tlv(0x82, Array("ca.example.com".utf8)), header: header,
                            body: Self.pkiconf, trailer: D.explicit(0, D.tlv(0x03, [0x00, 0x01])))
        let (summary, findings) = decoder.decode(bytes)
        XCTAssertNil(summary.error)
        XCTAssertEqual(findings, [])
        XCTAssertEqual(summary.pvno, 3)
        XCTAssertEqual(summary.sender, "rfc822Name:ra@example.com")
        XCTAssertEqual(summary.recipient, "dNSName:ca.example.com")
        XCTAssertEqual(summary.messageTime, "20260101120000Z")
        XCTAssertEqual(summary.protectionAlgorithm, "1.2.840.113533.7.66.13")
        XCTAssertEqual(summary.senderKID, [0x6B, 0x69, 0x64])
        XCTAssertEqual(summary.transactionID, [0x01, 0x02, 0x03, 0x04])
        XCTAssertEqual(summary.senderNonce, [0xAA, 0xBB])
        XCTAssertEqual(summary.recipNonce, [0xCC])
        XCTAssertEqual(summary.infoTypes, ["1.3.6.1.5.5.7.4.13", "1.3.6.1.5.5.7.4.21"])
        XCTAssertEqual(summary.body, .pkiconf)
        XCTAssertTrue(summary.isProtected)
    }

    func testGeneralNameTexts() {
        let otherName: [UInt8] = [0x06, 0x01, 0x2A, 0xA0, 0x03, 0x0C, 0x01, 0x41]
        let v6: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x01]
        let cases: [([UInt8], String)] = [
            (D.tlv(0x86, Array("http://ca.example/cmp".utf8)), "uniformResourceIdentifier:http://ca.example/cmp"),
            (D.tlv(0x87, [192, 0, 2, 1]), "iPAddress:192.0.2.1"),
            (D.tlv(0x87, v6), "iPAddress:2001:db8::1"),
            (D.tlv(0x88, [0x2A, 0x03]), "registeredID:1.2.3"),
            (D.tlv(0xA0, otherName), "otherName:06012aa0030c0141"),
            (D.tlv(0xA3, [0x30, 0x00]), "x400Address:3000"),
            (D.tlv(0xA5, [0x30, 0x00]), "ediPartyName:3000"),
            (Self.nullDN, ""),
            ([0xA4, 0x00], ""),
            (D.explicit(4, D.name([("C", "DE"), ("O", "Example"), ("CN", "a,b")])), "CN=a\\,b,O=Example,C=DE"),
        ]
        for (name, expected) in cases {
            let (summary, _) = decoder.decode(message(sender: name, recipient: name, body: Self.pkiconf))
            XCTAssertNil(summary.error, expected)
            XCTAssertEqual(summary.sender, expected)
            XCTAssertEqual(summary.recipient, expected)
        }
    }

    func testCertReqIdThatDoesNotFitIsAnError() {
        let huge = D.tlv(0x02, [0x01] + [UInt8](repeating: 0, count: 8))
        let body = D.explicit(0, D.sequence(
            D.sequence(D.sequence(D.integer(-1), D.sequence())),
            D.sequence(D.sequence(huge, D.sequence()))))
        let (summary, findings) = decoder.decode(message(body: body))
        let error = summary.error
        XCTAssertEqual(error?.fieldPath, "PKIMessage.body.ir[1].certReq.certReqId")
        XCTAssertEqual(error?.reason, "INTEGER does not fit in 64 bits")
        XCTAssertEqual(summary.certReqIds, [-1])
        XCTAssertEqual(summary.body, .ir)
        XCTAssertEqual(findings.map(\.code), [.asn1Malformed])
    }

    func testUnknownFailInfoBitsAreNumbers() {
        let body = D.explicit(23, D.sequence(D.statusInfo(2, failBits: [30, 0]), D.integer(7)))
        let (summary, _) = decoder.decode(message(body: body))
        XCTAssertNil(summary.error)
        XCTAssertEqual(summary.failInfo.map(\.rawValue), [0, 30])
        XCTAssertEqual(summary.failInfo.map(\.name), ["badAlg", "unknown (30)"])
        XCTAssertEqual(summary.statuses, [.rejection])
    }

    /// BER (indefinite and non-minimal lengths) is what swift-asn1's DER parser refuses; the summary
    /// still reads it and gives the same facts as the DER form.
    func testBERLengthsGiveTheSameFacts() {
        let header = D.sequence(D.integer(2), Self.nullDN, Self.nullDN, D.explicit(4, D.octets([7, 7])))
        let statuses = D.sequence(D.statusInfo(0), D.statusInfo(2, failBits: [9]))
        let der = D.sequence(header, D.explicit(12, D.sequence(statuses)))
        // 30 80 { header (long-form length 81 xx) , AC 80 { 30 80 { statuses } 00 00 } 00 00 } 00 00
        let longHeader = [0x30, 0x81, UInt8(header.count - 2)] + header.dropFirst(2)
        let ber: [UInt8] = [0x30, 0x80] + longHeader + [0xAC, 0x80, 0x30, 0x80] + statuses + [0, 0, 0, 0, 0, 0]
        let fromDER = decoder.decode(der).summary
        let fromBER = decoder.decode(ber).summary
        XCTAssertNil(fromDER.error)
        XCTAssertNil(fromBER.error)
        XCTAssertEqual(fromBER.length, ber.count)
        XCTAssertEqual(fromBER.transactionID, [7, 7])
        XCTAssertEqual(fromBER.statuses, [.accepted, .rejection])
        XCTAssertEqual(fromBER.failInfo.map(\.name), ["badPOP"])
        var normalised = fromBER
        normalised.length = der.count
        XCTAssertEqual(normalised, fromDER)
    }

    func testTrailingData() {
        let bytes = message(body: Self.pkiconf)
        let (summary, findings) = decoder.decode(bytes + [0xDE, 0xAD, 0xBE])
        XCTAssertNil(summary.error)
        XCTAssertEqual(summary.length, bytes.count)
        XCTAssertEqual(summary.body, .pkiconf)
        XCTAssertEqual(findings.map(\.code), [.asn1TrailingData])
        XCTAssertEqual(findings.first?.location, .message(ByteRange(lowerBound: bytes.count, upperBound: bytes.count + 3)))
    }

    func testNotAMessage() {
        let cases: [([UInt8], String)] = [
            ([], "truncated"), ([0x30], "truncated"), ([0x02, 0x01, 0x00], "expected SEQUENCE"),
            ([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02], "missing GeneralName"), ([0x30, 0x02, 0x04, 0x00], "expected PKIHeader"),
            ([0x30, 0xFF], "reserved"), ([0x04, 0x80], "indefinite length on a primitive"),
        ]
        for (bytes, reason) in cases {
            let (summary, findings) = decoder.decode(bytes)
            let error = summary.error
            XCTAssertNotNil(error, "\(bytes)")
            XCTAssertTrue(error?.reason.contains(reason) ?? false, "\(bytes): \(error?.description ?? "nil")")
            XCTAssertEqual(findings.map(\.code), [.asn1Malformed])
        }
    }
}

extension HandBuiltSummaryTests {
    /// Wrong shapes inside the header name the field and its offset.
    func testMalformedHeaderFieldsNameTheField() {
        let cases: [([UInt8], String)] = [
            (D.explicit(1, D.octets([1])), "PKIMessage.header.protectionAlg"),
            (D.explicit(4, D.tlv(0x02, [1])), "PKIMessage.header.transactionID"),
            (D.explicit(5, []), "PKIMessage.header.senderNonce"),
            (D.explicit(8, D.sequence(D.sequence(D.octets([1])))), "PKIMessage.header.generalInfo[0].infoType"),
        ]
        for (field, path) in cases {
            let bytes = message(header: field, body: Self.pkiconf)
            let (summary, _) = decoder.decode(bytes)
            XCTAssertEqual(summary.error?.fieldPath, path)
            XCTAssertEqual(summary.pvno, 2)
            XCTAssertNil(summary.body)
            // The error points into the field, not at the header or message start.
            let fieldOffset = bytes.count - Self.pkiconf.count - field.count
            XCTAssertGreaterThanOrEqual(summary.error?.range.lowerBound ?? -1, fieldOffset, path)
        }
    }
}

extension HandBuiltSummaryTests {
    /// The subject of a certificate made with
    /// `openssl req -multivalue-rdn -subj "/C=DE/O=Ex, Inc./OU=a+CN=b c/emailAddress=x@y.z/serialNumber=42/CN= #lead"`,
    /// as sender; the expected text is what `openssl x509 -noout -subject -nameopt RFC2253` printed.
    func testDirectoryNameMatchesOpenSSLRFC2253() {
        let name = hexBytes(
            "306c310b30090603550406130244453111300f060355040a0c0845782c20496e632e31163008060355040b0c0161"
                + "300a06035504030c036220633114301206092a864886f70d01090116057840792e7a310b3009060355040513"
                + "023432310f300d06035504030c0620236c656164")
        let (summary, _) = decoder.decode(message(sender: D.explicit(4, name), body: Self.pkiconf))
        XCTAssertNil(summary.error)
        XCTAssertEqual(summary.sender, "CN=\\ #lead,serialNumber=42,emailAddress=x@y.z,CN=b c+OU=a,O=Ex\\, Inc.,C=DE")
    }

    /// Other string types and a non-string value (RFC 4514 §2.4 `#hex`), control characters escaped.
    func testDirectoryNameValueTypes() {
        func rdn(_ oid: String, _ value: [UInt8]) -> [UInt8] { D.tlv(0x31, D.sequence(D.oid(oid), value)) }
        let name = D.tlv(0x30,
            rdn("2.5.4.3", D.tlv(0x1E, [0x00, 0x4D, 0x00, 0xFC])) // BMPString "Mü"
            + rdn("2.5.4.10", D.tlv(0x14, [0x41, 0xE9]))          // TeletexString "Aé" (Latin-1)
            + rdn("1.2.3.4", D.integer(5))                         // not a string: #020105
            + rdn("2.5.4.11", D.tlv(0x0C, [0x61, 0x0A, 0x62, 0x20]))) // "a\nb "
        let (summary, _) = decoder.decode(message(sender: D.explicit(4, name), body: Self.pkiconf))
        XCTAssertEqual(summary.sender, "OU=a\\0Ab\\ ,1.2.3.4=#020105,O=Aé,CN=Mü")
    }

    func hexBytes(_ hex: String) -> [UInt8] {
        var bytes = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
