import CMPCore
import CMPMessages
import Foundation
import XCTest

/// Every fixture message compared field by field with pyasn1-modules' decoding of the same bytes
/// (`NAME.pyasn1.json` beside `NAME.der`, written by scripts/make-pyasn1-references.py, which runs by
/// hand: this test only reads the JSON). pyasn1-modules shares no code with us, swift-asn1 or
/// OpenSSL, so it checks our decoding the way tshark's output checks the captures.
final class PyASN1ReferenceTests: XCTestCase {
    /// One `.pyasn1.json` file; the fact fields are absent when pyasn1 could not decode the message.
    struct Reference: Decodable {
        var decoder: String
        var length: Int
        var error: String?
        var pvno: Int?
        var body: String?
        var transactionID: String?
        var senderNonce: String?
        var recipNonce: String?
        var senderKID: String?
        var protectionAlg: String?
        var certReqIds: [Int]?
        var statuses: [Int]?
        var failInfo: [Int]?
        var checkAfter: [Int]?
        var generalInfoTypes: [String]?
        var bodyInfoTypes: [String]?
    }

    /// A message pyasn1 cannot decode: a text its error must contain, where our decoder must stop
    /// (nil: we must decode it, the failure is the module's), and why.
    struct ExpectedFailure {
        var error: String
        var ourErrorField: String?
        var reason: String
    }

    /// Each was read against the RFC. A message that starts decoding (a newer module) fails the test
    /// until it leaves this list. (With pyasn1-modules 0.4.2's rfc4210, rp-pbm would be here with
    /// `ourErrorField` nil: its rfc2511.GeneralName is a placeholder OCTET STRING, so RevRepContent's
    /// CertId rejects a directoryName issuer. The files are made with pyasn1-alt-modules' rfc9810.)
    static let expectedFailures: [String: ExpectedFailure] = [
        "external/certConf-v3-insta": ExpectedFailure(
            error: "tags 0:32:16-128:32:0> not in asn1Spec: <OctetString schema object",
            ourErrorField: "PKIMessage.body.certConf[0].certHash",
            reason: "the message is wrong, both decoders say so at the same byte: its CertStatus starts with "
                + "hashAlg [0], which RFC 9480 §2.10 and RFC 9810 §5.3.18 put last (certHash OCTET STRING, "
                + "certReqId INTEGER, statusInfo OPTIONAL, hashAlg [0] OPTIONAL)"
        ),
    ]

    /// Name prefix and folder: OpenSSL's messages, and other implementations' (`external/SOURCES.md`).
    static let folders = [("", Fixtures.folder), ("external/", Fixtures.folder.appendingPathComponent("external"))]

    /// `(name, DER URL)` of every message in both folders; names are `external/NAME` in the second.
    static func messages() throws -> [(name: String, url: URL)] {
        try folders.filter { FileManager.default.fileExists(atPath: $0.1.path) }.flatMap { prefix, folder in
            try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".der") }.sorted()
                .map { (prefix + String($0.dropLast(4)), folder.appendingPathComponent($0)) }
        }
    }

    static func hex(_ bytes: [UInt8]?) -> String? {
        bytes.map { $0.map { String(format: "%02x", $0) }.joined() }
    }

    func testEveryMessageMatchesPyASN1() throws {
        let decoder = CMPSummaryDecoder(limits: Limits())
        var compared = 0, fields = 0, failed = [String]()
        let messages = try Self.messages()
        XCTAssertGreaterThan(messages.count, 30)
        for (name, url) in messages {
            let json = url.deletingPathExtension().appendingPathExtension("pyasn1.json")
            guard let data = try? Data(contentsOf: json) else {
                XCTFail("\(name): no \(json.lastPathComponent); run scripts/make-pyasn1-references.py")
                continue
            }
            let reference = try JSONDecoder().decode(Reference.self, from: data)
            XCTAssertTrue(reference.decoder.hasPrefix("pyasn1-"), "\(name): decoder \(reference.decoder)")
            let summary = decoder.decode(Array(try Data(contentsOf: url))).summary

            if let error = reference.error {
                failed.append(name)
                if let expected = Self.expectedFailures[name] {
                    XCTAssertTrue(error.contains(expected.error), "\(name): pyasn1 failed otherwise than expected: \(error)")
                    XCTAssertEqual(summary.error?.fieldPath, expected.ourErrorField, "\(name): where our decoder stops")
                } else {
                    XCTFail("\(name): pyasn1 could not decode it and it is not an expected failure: \(error)")
                }
                continue
            }
            XCTAssertNil(Self.expectedFailures[name], "\(name): pyasn1 decodes it now; remove it from expectedFailures")

            let context = "\(name) (pyasn1 vs CMPSummaryDecoder)"
            XCTAssertNil(summary.error, context)
            func check<T: Equatable>(_ theirs: T, _ ours: T, _ field: String) {
                fields += 1
                XCTAssertEqual(theirs, ours, "\(context): \(field)")
            }
            check(reference.length, summary.length, "length")
            check(reference.pvno, summary.pvno, "pvno")
            check(reference.body, summary.body?.name, "body")
            check(reference.transactionID, Self.hex(summary.transactionID), "transactionID")
            check(reference.senderNonce, Self.hex(summary.senderNonce), "senderNonce")
            check(reference.recipNonce, Self.hex(summary.recipNonce), "recipNonce")
            check(reference.senderKID, Self.hex(summary.senderKID), "senderKID")
            check(reference.protectionAlg, summary.protectionAlgorithm, "protectionAlg")
            check(reference.certReqIds ?? [], summary.certReqIds, "certReqIds")
            check(reference.statuses ?? [], summary.statuses.map(\.rawValue), "statuses")
            check(reference.failInfo ?? [], summary.failInfo.map(\.rawValue), "failInfo")
            check(reference.checkAfter ?? [], summary.checkAfter, "checkAfter")
            check((reference.generalInfoTypes ?? []) + (reference.bodyInfoTypes ?? []), summary.infoTypes, "infoTypes")
            compared += 1
        }
        XCTAssertEqual(Set(failed), Set(Self.expectedFailures.keys), "the messages pyasn1 failed on are not expectedFailures")
        print("PyASN1ReferenceTests: \(compared) messages compared (\(fields) fields), "
              + "\(failed.count) pyasn1 cannot decode: \(failed.joined(separator: ", "))")
    }
}
