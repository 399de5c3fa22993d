@testable import CMPAnalysis
import CMPCore
import XCTest

/// The catalogue is what `--list-findings` prints and what findings take their severity from.
final class CatalogueTests: XCTestCase {
    /// Every code issue 4 names, spelled exactly so.
    static let required = """
        http.content-type.missing http.content-type.legacy http.content-type.poll http.content-type.wrong
        http.method.not-post http.status.not-200 http.status.error-with-cmp http.status.error-without-cmp
        http.version.1.0 http.content-length.mismatch http.line-ending.bare-lf http.uri.not-well-known
        http.uri.operation-mismatch tcpmsg.framing.rfc2510 tcpmsg.framing.v10 tcpmsg.type.unknown
        tcpmsg.length.mismatch tcpmsg.flags.reserved tcpmsg.server-sends-request-type tcpmsg.large tcp.gap
        tcp.overlap.conflict tcp.limit asn1.ber.indefinite-length asn1.ber.non-minimal-length
        asn1.ber.constructed-string asn1.malformed asn1.trailing-data cmp.body.unknown cmp.pvno.cmp1999
        cmp.pvno.unknown cmp.pvno.v3-without-v3-features cmp.pvno.v2-with-v3-features
        cmp.header.transaction-id.missing cmp.header.transaction-id.length cmp.header.sender-nonce.missing
        cmp.header.sender-nonce.length cmp.header.recip-nonce.in-first-message cmp.header.name.empty
        cmp.header.message-time.not-utc cmp.header.implicit-confirm.not-null
        cmp.header.confirm-wait-time.with-implicit-confirm cmp.header.sender-kid.empty
        cmp.protection.missing-on-negative cmp.protection.missing cmp.protection.alg-without-protection
        cmp.protection.protection-without-alg cmp.protection.pbm.iterations-high cmp.protection.pbm.iterations-low
        cmp.protection.pbm.weak-owf cmp.protection.pbm.params-null cmp.protection.pbmac1.pbes2-oid
        cmp.protection.signer.no-digital-signature cmp.protection.extra-certs.signer-not-first
        cmp.protection.kind-changed cmp.protection.valid cmp.protection.invalid cmp.tx.transaction-id.mismatch
        cmp.tx.recip-nonce.mismatch cmp.tx.sender-nonce.reused cmp.tx.response-type.mismatch
        cmp.tx.implicit-confirm.unrequested cmp.tx.cert-conf.missing cmp.tx.cert-conf.hash-mismatch
        cmp.tx.incomplete cmp.tx.polling cmp.poll.check-after.nonpositive cmp.tx.sender-recipient.mismatch
        cmp.body.ca-pubs.unexpected cmp.body.cert-req-id.unexpected
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    func testEveryRequiredCodeIsCatalogued() {
        let codes = Set(FindingCatalogue.entries.map(\.code.rawValue))
        for code in Self.required { XCTAssertTrue(codes.contains(code), code) }
    }

    func testEntriesAreCompleteAndUnique() {
        var seen = Set<String>()
        let groups: Set<String> = ["transport", "reassembly", "encoding", "header", "body", "protection", "transaction"]
        for entry in FindingCatalogue.entries {
            XCTAssertTrue(seen.insert(entry.code.rawValue).inserted, "duplicate \(entry.code)")
            XCTAssertTrue(groups.contains(entry.group), "\(entry.code): group \(entry.group)")
            XCTAssertFalse(entry.summary.isEmpty, "\(entry.code)")
            XCTAssertFalse(entry.reference.isEmpty, "\(entry.code)")
            XCTAssertEqual(entry.code.rawValue, entry.code.rawValue.lowercased(), "\(entry.code)")
        }
    }

    /// Clean exchanges must read clean: what they raise by design stays below warning.
    func testCleanExchangeCodesStayQuiet() {
        for code in ["http.uri.not-well-known", "cmp.protection.pbm.iterations-low", "cmp.protection.not-verified",
                     "cmp.protection.valid", "cmp.tx.polling", "http.version.1.0"] {
            XCTAssertLessThan(FindingCatalogue.entry(for: FindingCode(code))?.severity ?? .error, .warning, code)
        }
    }

    /// OIDs against the dotted text of their RFC modules (RFC 9810 App. F, RFC 8018 App. C,
    /// RFC 9481, RFC 5912): the encoder below is independent of the analyzer's parser.
    func testOIDsMatchTheirModules() {
        let cases: [(String, String)] = [
            (OID.passwordBasedMac, "1.2.840.113533.7.66.13"), (OID.dhBasedMac, "1.2.840.113533.7.66.30"),
            (OID.kemBasedMac, "1.2.840.113533.7.66.16"), (OID.pbmac1, "1.2.840.113549.1.5.14"),
            (OID.pbkdf2, "1.2.840.113549.1.5.12"), (OID.pbes2, "1.2.840.113549.1.5.13"),
            (OID.hmacSHA1, "1.3.6.1.5.5.8.1.2"), (OID.hmacWithSHA256, "1.2.840.113549.2.9"),
            (OID.implicitConfirm, "1.3.6.1.5.5.7.4.13"), (OID.confirmWaitTime, "1.3.6.1.5.5.7.4.14"),
            (OID.rsassaPSS, "1.2.840.113549.1.1.10"), (OID.ecdsaWithSHA256, "1.2.840.10045.4.3.2"),
            (OID.ed25519, "1.3.101.112"), (OID.sha256, "2.16.840.1.101.3.4.2.1"), (OID.sha1, "1.3.14.3.2.26"),
        ]
        for (actual, expected) in cases { XCTAssertEqual(actual, expected) }
        // The parser reads what the test encoder writes.
        let node = try? SwiftASN1Probe.oid(DER.oid("1.2.840.113533.7.66.13"))
        XCTAssertEqual(node, OID.passwordBasedMac)
    }
}

import SwiftASN1

enum SwiftASN1Probe {
    static func oid(_ der: [UInt8]) throws -> String? { ASN1Reader.oid(try SwiftASN1.DER.parse(der)) }
}
