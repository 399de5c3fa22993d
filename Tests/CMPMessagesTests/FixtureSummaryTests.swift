import CMPCore
import CMPMessages
import XCTest

/// Every OpenSSL fixture decoded and compared field by field with `openssl asn1parse`'s reading of
/// the same bytes (header facts parsed from the listing) and with body facts written down from the
/// listings (statuses, certReqIds: they do not change when the script is rerun).
final class FixtureSummaryTests: XCTestCase {
    struct BodyFacts {
        var statuses: [PKIStatus] = []
        var failInfo: [Int] = []
        var certReqIds: [Int] = []
        var checkAfter: [Int] = []
        var infoTypes: [String] = []
    }

    /// Read from the `.asn1parse.txt` listings; failInfo from the mock server's options in the script
    /// (`-failurebits` 2, 9, 26) and the error it always sends (badRequest), checked against the
    /// BIT STRING bytes (`03 05 05 20 40 00 20`, `03 02 05 20`).
    static let bodyFacts: [String: BodyFacts] = {
        let accepted0 = BodyFacts(statuses: [.accepted], certReqIds: [0])
        let request0 = BodyFacts(certReqIds: [0])
        return [
            "ir-pbm": request0, "ir-poll": request0, "ir-rejected": request0, "ir-for-error": request0,
            "ir-sig": request0, "cr-pbm": request0, "kur-sig": request0,
            "p10cr-pbm": BodyFacts(),
            "ip-pbm": accepted0, "ip-after-poll": accepted0, "ip-sig": accepted0, "cp-pbm": accepted0,
            "kup-sig": accepted0,
            "cp-p10cr-pbm": BodyFacts(statuses: [.accepted], certReqIds: [-1]),
            "ip-waiting": BodyFacts(statuses: [.waiting], certReqIds: [0]),
            "ip-rejection": BodyFacts(statuses: [.rejection], failInfo: [2, 9, 26], certReqIds: [0]),
            "certConf-pbm": accepted0, "certConf-cr-pbm": accepted0, "certConf-poll": accepted0,
            "certConf-sig": accepted0, "certConf-kur-sig": accepted0,
            "certConf-p10cr-pbm": BodyFacts(statuses: [.accepted], certReqIds: [-1]),
            "pkiconf-pbm": BodyFacts(), "pkiconf-cr-pbm": BodyFacts(), "pkiconf-p10cr-pbm": BodyFacts(),
            "pkiconf-poll": BodyFacts(), "pkiconf-sig": BodyFacts(), "pkiconf-kur-sig": BodyFacts(),
            "pollReq-1": request0, "pollReq-2": request0,
            "pollRep": BodyFacts(certReqIds: [0], checkAfter: [1]),
            "rr-pbm": BodyFacts(),
            "rp-pbm": BodyFacts(statuses: [.accepted]),
            "genm-pbm": BodyFacts(infoTypes: ["1.3.6.1.5.5.7.4.2"]),
            "genp-pbm": BodyFacts(infoTypes: ["1.3.6.1.5.5.7.4.2"]),
            "error": BodyFacts(statuses: [.rejection], failInfo: [2]),
        ]
    }()

    /// asn1parse prints OIDs by their OpenSSL short names; their dotted forms (RFC 9810 §5.1.3.1,
    /// RFC 5758 §3.2, RFC 4210 id-it 2).
    static let oidNames = [
        "password based MAC": "1.2.840.113533.7.66.13",
        "ecdsa-with-SHA256": "1.2.840.10045.4.3.2",
        "id-it-signKeyPairTypes": "1.3.6.1.5.5.7.4.2",
    ]

    /// The body types the script is meant to produce, by file name prefix.
    static let bodyByPrefix: [(String, PKIBodyType)] = [
        ("ir-", .ir), ("ip-", .ip), ("cr-", .cr), ("cp-", .cp), ("p10cr-", .p10cr), ("kur-", .kur),
        ("kup-", .kup), ("rr-", .rr), ("rp-", .rp), ("genm-", .genm), ("genp-", .genp),
        ("certConf-", .certConf), ("pkiconf-", .pkiconf), ("pollReq-", .pollReq), ("pollRep", .pollRep),
        ("error", .error),
    ]

    func testFixturesCoverTheBriefsMessageTypes() throws {
        let names = try Fixtures.messageNames()
        for (prefix, _) in Self.bodyByPrefix {
            XCTAssertTrue(names.contains { $0.hasPrefix(prefix) }, "no fixture for \(prefix)")
        }
        XCTAssertEqual(Set(names), Set(Self.bodyFacts.keys), "body facts table and fixtures differ")
    }

    func testEveryFixtureMatchesItsASN1ParseListing() throws {
        let decoder = CMPSummaryDecoder(limits: Limits())
        for name in try Fixtures.messageNames() {
            let bytes = try Fixtures.bytes("\(name).der")
            let listing = try Fixtures.listing(name)
            let (summary, findings) = decoder.decode(bytes)
            let context = "fixture \(name)"
            XCTAssertNil(summary.error, context)
            XCTAssertEqual(findings, [], context)

            let outer = listing.lines[0]
            XCTAssertEqual(summary.length, outer.headerLength + outer.length, context)
            XCTAssertEqual(summary.length, bytes.count, context)

            // Header: pvno, sender, recipient, then the tagged fields.
            let header = listing.children(of: 0)[0]
            let fields = listing.children(of: header)
            XCTAssertEqual(summary.pvno, listing.lines[fields[0]].value.flatMap { Int($0, radix: 16) }, context)
            XCTAssertEqual(summary.sender, listing.distinguishedName(fields[1]), context)
            XCTAssertEqual(summary.recipient, listing.distinguishedName(fields[2]), context)
            var expected: [Int: Int] = [:]
            for field in fields.dropFirst(3) {
                if let tag = listing.contextTag(field) { expected[tag] = listing.children(of: field)[0] }
            }
            XCTAssertEqual(summary.messageTime, expected[0].flatMap { listing.lines[$0].value }, context)
            XCTAssertEqual(summary.protectionAlgorithm,
                           expected[1].flatMap { listing.lines[listing.children(of: $0)[0]].value }.flatMap { Self.oidNames[$0] },
                           context)
            XCTAssertEqual(summary.senderKID, expected[2].flatMap { listing.octets($0) }, context)
            XCTAssertEqual(summary.transactionID, expected[4].flatMap { listing.octets($0) }, context)
            XCTAssertEqual(summary.senderNonce, expected[5].flatMap { listing.octets($0) }, context)
            XCTAssertEqual(summary.recipNonce, expected[6].flatMap { listing.octets($0) }, context)
            XCTAssertNotNil(summary.transactionID, context)

            // Body tag and protection from the PKIMessage's children.
            let top = listing.children(of: 0)
            XCTAssertEqual(summary.body?.rawValue, listing.contextTag(top[1]), context)
            if let (_, type) = Self.bodyByPrefix.first(where: { name.hasPrefix($0.0) }) {
                XCTAssertEqual(summary.body, type, context)
            }
            XCTAssertEqual(summary.isProtected, top.dropFirst(2).contains { listing.contextTag($0) == 0 }, context)

            let facts = try XCTUnwrap(Self.bodyFacts[name], context)
            XCTAssertEqual(summary.statuses, facts.statuses, context)
            XCTAssertEqual(summary.failInfo.map(\.rawValue), facts.failInfo, context)
            XCTAssertEqual(summary.certReqIds, facts.certReqIds, context)
            XCTAssertEqual(summary.checkAfter, facts.checkAfter, context)
            XCTAssertEqual(summary.infoTypes, facts.infoTypes, context)
        }
    }

    func testFailInfoNamesOfTheRejection() throws {
        let (summary, _) = CMPSummaryDecoder(limits: Limits()).decode(try Fixtures.bytes("ip-rejection.der"))
        XCTAssertEqual(summary.failInfo.map(\.name), ["badRequest", "badPOP", "duplicateCertReq"])
    }

    /// `openssl x509 -nameopt RFC2253 -subject` of the script's certificates prints these.
    func testDirectoryNamesInRFC4514Order() throws {
        let decoder = CMPSummaryDecoder(limits: Limits())
        let ir = decoder.decode(try Fixtures.bytes("ir-sig.der")).summary
        XCTAssertEqual(ir.sender, "CN=client,O=Example")
        XCTAssertEqual(ir.recipient, "CN=Mock CA,O=Example")
        XCTAssertEqual(decoder.decode(try Fixtures.bytes("ip-sig.der")).summary.sender, "CN=Mock CA,O=Example")
    }

    /// A cut inside ip's recipNonce names that field, at an offset inside it, and keeps what preceded.
    func testTruncationInsideRecipNonceNamesTheField() throws {
        let bytes = try Fixtures.bytes("ip-pbm.der")
        let listing = try Fixtures.listing("ip-pbm")
        let header = listing.children(of: 0)[0]
        let recipNonce = try XCTUnwrap(listing.children(of: header).first { listing.contextTag($0) == 6 })
        let cut = listing.lines[recipNonce].offset + 6
        let (summary, findings) = CMPSummaryDecoder(limits: Limits()).decode(Array(bytes[0..<cut]))
        let error = try XCTUnwrap(summary.error)
        XCTAssertEqual(error.fieldPath, "PKIMessage.header.recipNonce")
        XCTAssertEqual(error.range.lowerBound, listing.lines[recipNonce].offset + 2)
        XCTAssertTrue(error.reason.contains("truncated"), error.reason)
        XCTAssertEqual(summary.length, cut)
        XCTAssertNotNil(summary.senderNonce)
        XCTAssertNil(summary.recipNonce)
        XCTAssertNil(summary.body)
        XCTAssertEqual(findings.map(\.code), [.asn1Malformed])
        XCTAssertEqual(findings.first?.location, .message(error.range))
    }
}
