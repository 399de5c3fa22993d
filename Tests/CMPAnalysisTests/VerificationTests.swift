@testable import CMPAnalysis
import CMPCore
import CMPTestSupport
import Foundation
import SwiftASN1
import XCTest

/// Protection verification against messages whose secrets and keys are known: OpenSSL's own
/// (Fixtures/messages, secret pass:fixture-secret) and scripts/make-analysis-vectors.py's
/// (Fixtures/analysis: MACs from Python's hashlib, signatures from the openssl command line).
final class VerificationTests: XCTestCase {
    private func vector(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.root.appendingPathComponent("Fixtures/analysis/\(name).der")))
    }

    private func protectionCodes(_ der: [UInt8], secret: String?) throws -> [String] {
        var harness = AnalysisHarness(options: AnalysisOptions(secret: try secret.map(SecretSpec.parse)))
        return harness.run(der).findings.map(\.code.rawValue).filter {
            ["cmp.protection.valid", "cmp.protection.invalid", "cmp.protection.not-verified"].contains($0)
        }
    }

    func testOpenSSLMACMessagesVerifyWithTheirSecret() throws {
        for name in ["ir-pbm", "ip-pbm", "certConf-pbm", "pkiconf-pbm", "cr-pbm", "cp-pbm", "p10cr-pbm", "rr-pbm", "rp-pbm",
                     "genm-pbm", "genp-pbm", "ip-waiting", "pollRep", "pollReq-1", "ip-rejection", "error"] {
            let der = try Fixtures.message(name)
            XCTAssertEqual(try protectionCodes(der, secret: "pass:fixture-secret"), ["cmp.protection.valid"], name)
            XCTAssertEqual(try protectionCodes(der, secret: "pass:wrong-secret"), ["cmp.protection.invalid"], name)
            XCTAssertEqual(try protectionCodes(der, secret: nil), ["cmp.protection.not-verified"], name)
        }
    }

    /// The client's signed messages carry their signer in extraCerts; the mock server's (signed with
    /// its CA key) carry none, so they cannot be verified without --trusted.
    func testOpenSSLSignedMessagesVerify() throws {
        for name in ["kur-sig", "certConf-kur-sig"] {
            XCTAssertEqual(try protectionCodes(try Fixtures.message(name), secret: nil), ["cmp.protection.valid"], name)
        }
        for name in ["ip-sig", "kup-sig", "pkiconf-sig", "ir-sig"] {
            XCTAssertEqual(try protectionCodes(try Fixtures.message(name), secret: nil), ["cmp.protection.not-verified"], name)
        }
    }

    func testAlteredMessagesAreInvalid() throws {
        // One bit flipped inside the header's senderNonce (ProtectedPart) of each protection kind.
        for (name, secret) in [("kur-sig", nil), ("ir-pbm", "pass:fixture-secret")] as [(String, String?)] {
            var der = try Fixtures.message(name)
            let nonce = try XCTUnwrap(CMPSummaryDecoderProbe.senderNonceOffset(der))
            der[nonce] ^= 0x01
            XCTAssertEqual(try protectionCodes(der, secret: secret), ["cmp.protection.invalid"], name)
        }
    }

    func testCraftedVectors() throws {
        let cases: [(String, String?, String)] = [
            ("pbm", "pass:vector-secret", "cmp.protection.valid"),
            ("pbm", "pass:vector-secreT", "cmp.protection.invalid"),
            ("pbmac1", "pass:vector-secret", "cmp.protection.valid"),
            ("pbmac1", "pass:other", "cmp.protection.invalid"),
            ("pbmac1", nil, "cmp.protection.not-verified"),
            ("sig-rsa-pkcs1", nil, "cmp.protection.valid"),
            ("sig-rsa-pss", nil, "cmp.protection.valid"),
            ("sig-p384", nil, "cmp.protection.valid"),
            ("sig-ed25519", nil, "cmp.protection.valid"),
        ]
        for (name, secret, expected) in cases {
            XCTAssertEqual(try protectionCodes(try vector(name), secret: secret), [expected], "\(name) \(secret ?? "-")")
        }
    }

    /// cryptlib: after the first message, PasswordBasedMac with NULL parameters means "the same as before".
    func testNullPBMParametersUseTheEarlierOnes() throws {
        let secret = Array("cryptlib-secret".utf8)
        let pbmNode = DER.pbmParameter(salt: Array(repeating: 9, count: 16), iterations: 1000)
        var first = TestMessage()
        first.protectionAlg = DER.algorithm("1.2.840.113533.7.66.13", pbmNode)
        let parsed = try XCTUnwrap(PBMParameter(try SwiftASN1.DER.parse(pbmNode)))
        func protect(_ message: inout TestMessage) {
            message.protection = nil
            let data = message.protectedPart
            // Independent of the verifier's own loop: OWF SHA-256 applied 1000 times to secret‖salt, then HMAC-SHA1.
            var key = DigestAlgorithm.sha256.hash(secret + Array(repeating: UInt8(9), count: 16))
            for _ in 1..<1000 { key = DigestAlgorithm.sha256.hash(key) }
            message.protection = DigestAlgorithm.sha1.hmac(key: key, data)
        }
        protect(&first)
        var second = first.answer(TestMessage.certConf(hash: [1]), nonce: 0x31)
        swap(&second.sender, &second.recipient)   // the same sender as the first message
        second.recipNonce = nil
        second.protectionAlg = DER.algorithm("1.2.840.113533.7.66.13", DER.null)
        protect(&second)
        XCTAssertEqual(parsed.iterationCount, 1000)
        var harness = AnalysisHarness(options: AnalysisOptions(secret: SecretSpec(secret: secret)))
        XCTAssertTrue(harness.run(first).findings.contains { $0.code.rawValue == "cmp.protection.valid" })
        let codes = harness.run(second).findings.map(\.code.rawValue)
        XCTAssertTrue(codes.contains("cmp.protection.pbm.params-null"), "\(codes)")
        XCTAssertTrue(codes.contains("cmp.protection.valid"), "\(codes)")
        // Alone, the second message cannot be verified.
        var alone = AnalysisHarness(options: AnalysisOptions(secret: SecretSpec(secret: secret)))
        XCTAssertTrue(alone.run(second).findings.contains { $0.code.rawValue == "cmp.protection.not-verified" })
    }

    func testIterationLimitRefusesToCompute() throws {
        var harness = AnalysisHarness(options: AnalysisOptions(secret: try SecretSpec.parse("pass:vector-secret"), maxPBMIterations: 999))
        let finding = harness.run(try vector("pbm")).findings.first { $0.code.rawValue.hasPrefix("cmp.protection.") && $0.code.rawValue != "cmp.protection.pbm.iterations-low" }
        XCTAssertEqual(finding?.code.rawValue, "cmp.protection.not-verified")
        XCTAssertTrue(finding?.message.contains("above the limit 999") ?? false, finding?.message ?? "")
    }

    /// RFC 6070 PBKDF2-HMAC-SHA1 test vectors.
    func testPBKDF2AgainstRFC6070() {
        let cases: [(Int, String)] = [
            (1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
            (2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
            (4096, "4b007901b765489abead49d926f721d065a429c1"),
        ]
        for (iterations, expected) in cases {
            let key = MACVerifier.pbkdf2(.sha1, password: Array("password".utf8), salt: Array("salt".utf8),
                                         iterations: iterations, length: 20)
            XCTAssertEqual(Hex.string(key), expected, "c=\(iterations)")
        }
        let long = MACVerifier.pbkdf2(.sha1, password: Array("passwordPASSWORDpassword".utf8),
                                      salt: Array("saltSALTsaltSALTsaltSALTsaltSALTsalt".utf8), iterations: 4096, length: 25)
        XCTAssertEqual(Hex.string(long), "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038")
    }

    private func pem(_ der: ArraySlice<UInt8>) -> String {
        "-----BEGIN CERTIFICATE-----\n" + Data(der).base64EncodedString(options: .lineLength64Characters) + "\n-----END CERTIFICATE-----\n"
    }

    func testTrustAnchors() throws {
        let p384 = try vector("sig-p384")
        let p384Signer = try XCTUnwrap(MessageFacts.parse(p384, length: p384.count)?.extraCerts.first)
        let ed25519 = try vector("sig-ed25519")
        let ed25519Signer = try XCTUnwrap(MessageFacts.parse(ed25519, length: ed25519.count)?.extraCerts.first)

        var trusted = AnalysisHarness(options: AnalysisOptions(trustAnchors: try TrustAnchors.parse(pem: pem(p384Signer))))
        let codes = trusted.run(p384).findings.map(\.code.rawValue)
        XCTAssertTrue(codes.contains("cmp.protection.valid"), "\(codes)")
        XCTAssertFalse(codes.contains("cmp.protection.signer.untrusted"))

        var untrusted = AnalysisHarness(options: AnalysisOptions(trustAnchors: try TrustAnchors.parse(pem: pem(ed25519Signer))))
        XCTAssertTrue(untrusted.run(p384).findings.contains { $0.code.rawValue == "cmp.protection.signer.untrusted" })
        XCTAssertThrowsError(try TrustAnchors.parse(pem: "not pem"))
    }

    /// Without extraCerts, a --trusted certificate whose subject is the sender verifies the signature.
    func testTrustedCertificateSignsWhenExtraCertsAreAbsent() throws {
        let p384 = try vector("sig-p384")
        let facts = try XCTUnwrap(MessageFacts.parse(p384, length: p384.count))
        let signer = try XCTUnwrap(facts.extraCerts.first)
        let protection = try XCTUnwrap(facts.protection)
        let protectionTLV = Array(p384[protection.range.range])
        let stripped = DERWriter.tlv(0x30, Array(facts.header) + Array(facts.body) + protectionTLV)
        XCTAssertEqual(try protectionCodes(stripped, secret: nil), ["cmp.protection.not-verified"])
        var harness = AnalysisHarness(options: AnalysisOptions(trustAnchors: try TrustAnchors.parse(pem: pem(signer))))
        XCTAssertTrue(harness.run(stripped).findings.contains { $0.code.rawValue == "cmp.protection.valid" })
    }

    func testSecretSpec() throws {
        XCTAssertEqual(try SecretSpec.parse("pass:abc").secret, Array("abc".utf8))
        XCTAssertEqual(try SecretSpec.parse("pass:").secret, [])
        let path = NSTemporaryDirectory() + "cmpdissect-secret-\(getpid())"
        try "from-file\nsecond line\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try SecretSpec.parse("file:" + path).secret, Array("from-file".utf8))
        XCTAssertThrowsError(try SecretSpec.parse("file:/nonexistent/secret"))
        XCTAssertThrowsError(try SecretSpec.parse("env:X"))
    }

    /// RFC 9483 §3.1: the sender is the signer's subject. kur-sig is signed by `O=Example, CN=enrolled`.
    func testSenderAgainstSignerSubject() throws {
        let kur = try Fixtures.message("kur-sig")
        let signer = try XCTUnwrap(MessageFacts.parse(kur, length: kur.count)?.extraCerts.first)
        func name(_ rdns: [(String, String)]) -> [UInt8] {
            let types = ["CN": "2.5.4.3", "O": "2.5.4.10"]
            return DER.explicit(4, DER.sequence(of: rdns.map { DER.tlv(0x31, DER.sequence(DER.oid(types[$0.0] ?? ""), DER.tlv(0x0C, Array($0.1.utf8)))) }))
        }
        let cases: [([UInt8], Set<String>)] = [
            (name([("O", "Example"), ("CN", "enrolled")]), []),
            (name([("CN", "enrolled"), ("O", "Example")]), ["cmp.protection.signer.rdn-order-reversed"]),
            (name([("O", "Example"), ("CN", "someone else")]), ["cmp.protection.signer.sender-mismatch"]),
        ]
        for (sender, expected) in cases {
            var message = TestMessage()
            message.sender = sender
            message.protectionAlg = DER.algorithm("1.2.840.10045.4.3.2")
            message.extraCerts = [Array(signer)]
            var harness = AnalysisHarness()
            let codes = Set(harness.run(message).findings.map(\.code.rawValue))
            XCTAssertTrue(codes.contains("cmp.protection.invalid"), "\(codes)")   // junk signature bytes
            XCTAssertEqual(codes.filter { $0.hasPrefix("cmp.protection.signer.") }, expected)
        }
    }

    func testSignerKeyUsage() throws {
        var harness = AnalysisHarness()
        let flagged = harness.run(try vector("sig-p256-no-digital-signature")).findings.map(\.code.rawValue)
        XCTAssertTrue(flagged.contains("cmp.protection.valid"), "\(flagged)")
        XCTAssertTrue(flagged.contains("cmp.protection.signer.no-digital-signature"), "\(flagged)")
        for name in ["sig-p384", "sig-ed25519", "sig-rsa-pkcs1"] {
            XCTAssertFalse(harness.run(try vector(name)).findings.contains { $0.code.rawValue == "cmp.protection.signer.no-digital-signature" }, name)
        }
        XCTAssertFalse(harness.run(try Fixtures.message("kur-sig")).findings.contains { $0.code.rawValue == "cmp.protection.signer.no-digital-signature" })
    }

    /// RFC 9483 §3.3: the protection certificate comes first in extraCerts.
    func testSignerNotFirst() throws {
        let p384 = try vector("sig-p384")
        let facts = try XCTUnwrap(MessageFacts.parse(p384, length: p384.count))
        let ed25519 = try vector("sig-ed25519")
        let other = try XCTUnwrap(MessageFacts.parse(ed25519, length: ed25519.count)?.extraCerts.first)
        let signer = try XCTUnwrap(facts.extraCerts.first)
        let protection = Array(p384[try XCTUnwrap(facts.protection).range.range])
        func message(_ certificates: [ArraySlice<UInt8>]) -> [UInt8] {
            let extra = DER.explicit(1, DER.sequence(of: certificates.map(Array.init)))
            let content = Array(facts.header) + Array(facts.body) + protection + extra
            return DER.tlv(0x30, content)
        }
        var harness = AnalysisHarness()
        let swapped = Set(harness.run(message([other, signer])).findings.map(\.code.rawValue))
        XCTAssertTrue(swapped.isSuperset(of: ["cmp.protection.valid", "cmp.protection.extra-certs.signer-not-first"]), "\(swapped)")
        let ordered = Set(harness.run(message([signer, other])).findings.map(\.code.rawValue))
        XCTAssertTrue(ordered.contains("cmp.protection.valid"))
        XCTAssertFalse(ordered.contains("cmp.protection.extra-certs.signer-not-first"))
    }
}

/// Finds the senderNonce's content offset with the analyzer's own reader (a test helper).
enum CMPSummaryDecoderProbe {
    static func senderNonceOffset(_ der: [UInt8]) -> Int? {
        guard let facts = MessageFacts.parse(der, length: der.count) else { return nil }
        // [5] { 04 10 <16 bytes> }: search the header for A5 12 04 10.
        let header = facts.header
        var index = header.startIndex
        while index + 4 < header.endIndex {
            if header[index] == 0xA5, header[index + 1] == 0x12, header[index + 2] == 0x04, header[index + 3] == 0x10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }
}
