import CMPAnalysis
import CMPCore
import XCTest

/// Per-message rules: each with the message that must raise it and the one that must not.
final class MessageRulesTests: XCTestCase {
    /// The defaults of `TestMessage` are a clean MAC-protected ir: only "not verified" (no secret).
    func testCleanMessageRaisesNothingButNotVerified() {
        var harness = AnalysisHarness()
        XCTAssertEqual(harness.codes(TestMessage()), ["cmp.protection.not-verified"])
    }

    func testVersionRules() {
        let cases: [(pvno: Int, body: [UInt8], expected: String?)] = [
            (1, TestMessage.ir(), "cmp.pvno.cmp1999"),
            (4, TestMessage.ir(), "cmp.pvno.unknown"),
            (0, TestMessage.ir(), "cmp.pvno.unknown"),
            (3, TestMessage.ir(), "cmp.pvno.v3-without-v3-features"),
            (3, TestMessage.certConf(hash: [1, 2], hashAlg: "2.16.840.1.101.3.4.2.1"), nil),
            (2, TestMessage.certConf(hash: [1, 2], hashAlg: "2.16.840.1.101.3.4.2.1"), "cmp.pvno.v2-with-v3-features"),
            (2, TestMessage.certConf(hash: [1, 2]), nil),
        ]
        let versionCodes: Set<String> = ["cmp.pvno.cmp1999", "cmp.pvno.unknown", "cmp.pvno.v3-without-v3-features",
                                         "cmp.pvno.v2-with-v3-features"]
        for testCase in cases {
            var message = TestMessage()
            message.pvno = testCase.pvno
            message.body = testCase.body
            var harness = AnalysisHarness()
            let found = harness.codes(message).intersection(versionCodes)
            XCTAssertEqual(found, testCase.expected.map { [$0] } ?? [], "pvno \(testCase.pvno)")
        }
    }

    func testHeaderIdentifiers() {
        let cases: [(String, (inout TestMessage) -> Void, String?)] = [
            ("tid missing", { $0.transactionID = nil }, "cmp.header.transaction-id.missing"),
            ("tid 5 bytes", { $0.transactionID = Array("23456".utf8) }, "cmp.header.transaction-id.length"),
            ("tid 16 bytes", { $0.transactionID = Array(repeating: 1, count: 16) }, nil),
            ("nonce missing", { $0.senderNonce = nil }, "cmp.header.sender-nonce.missing"),
            ("nonce 8 bytes", { $0.senderNonce = Array(repeating: 1, count: 8) }, "cmp.header.sender-nonce.length"),
            ("empty senderKID", { $0.senderKID = [] }, "cmp.header.sender-kid.empty"),
            ("senderKID", { $0.senderKID = [1] }, nil),
            ("sender A4 00", { $0.sender = [0xA4, 0x00] }, "cmp.header.name.empty"),
            ("recipient A4 00", { $0.recipient = [0xA4, 0x00] }, "cmp.header.name.empty"),
            ("NULL-DN", { $0.recipient = [0xA4, 0x02, 0x30, 0x00] }, nil),
            ("rfc822Name sender", { $0.sender = DER.tlv(0x81, Array("a@b".utf8)) }, "cmp.header.sender.not-directory-name"),
            ("fractional time", { $0.messageTime = DER.generalizedTime("20261201120000.5Z") }, "cmp.header.message-time.not-utc"),
            ("local time", { $0.messageTime = DER.generalizedTime("20261201120000") }, "cmp.header.message-time.not-utc"),
            ("UTCTime", { $0.messageTime = DER.tlv(0x17, Array("261201120000Z".utf8)) }, "cmp.header.message-time.not-utc"),
            ("no messageTime", { $0.messageTime = nil }, nil),
            ("implicitConfirm NULL", { $0.generalInfo = [DER.itav("1.3.6.1.5.5.7.4.13", DER.null)] }, nil),
            ("implicitConfirm INTEGER", { $0.generalInfo = [DER.itav("1.3.6.1.5.5.7.4.13", DER.integer(1))] },
             "cmp.header.implicit-confirm.not-null"),
            ("implicitConfirm absent value", { $0.generalInfo = [DER.itav("1.3.6.1.5.5.7.4.13", nil)] },
             "cmp.header.implicit-confirm.not-null"),
            ("confirmWaitTime alone", { $0.generalInfo = [DER.itav("1.3.6.1.5.5.7.4.14", DER.generalizedTime("20261201120500Z"))] }, nil),
            ("confirmWaitTime + implicitConfirm", {
                $0.generalInfo = [DER.itav("1.3.6.1.5.5.7.4.13", DER.null),
                                  DER.itav("1.3.6.1.5.5.7.4.14", DER.generalizedTime("20261201120500Z"))]
            }, "cmp.header.confirm-wait-time.with-implicit-confirm"),
            ("cryptlib ITAV", { $0.generalInfo = [DER.itav("1.3.6.1.4.1.3029.3.1.1", DER.tlv(0x31, []))] },
             "cmp.header.general-info.cryptlib"),
        ]
        for (name, change, expected) in cases {
            var message = TestMessage()
            change(&message)
            var harness = AnalysisHarness()
            let found = harness.codes(message).subtracting(["cmp.protection.not-verified"])
            XCTAssertEqual(found, expected.map { [$0] } ?? [], name)
        }
    }

    func testProtectionPresence() {
        let cases: [(String, [UInt8]?, [UInt8]?, [UInt8], String?)] = [
            // (name, protectionAlg, protection, body, expected)
            ("unprotected error", nil, nil, TestMessage.error(), "cmp.protection.missing-on-negative"),
            ("unprotected pkiconf", nil, nil, TestMessage.pkiconf, "cmp.protection.missing-on-negative"),
            ("unprotected rejection", nil, nil, TestMessage.certRep(status: 2), "cmp.protection.missing-on-negative"),
            ("unprotected ip accepted", nil, nil, TestMessage.certRep(status: 0), "cmp.protection.missing"),
            ("unprotected ir", nil, nil, TestMessage.ir(), "cmp.protection.missing"),
            ("alg without protection", DER.algorithm("1.2.840.10045.4.3.2"), nil, TestMessage.ir(),
             "cmp.protection.alg-without-protection"),
            ("protection without alg", nil, [1, 2, 3], TestMessage.ir(), "cmp.protection.protection-without-alg"),
        ]
        for (name, alg, protection, body, expected) in cases {
            var message = TestMessage()
            message.protectionAlg = alg
            message.protection = protection
            message.body = body
            var harness = AnalysisHarness()
            let found = harness.codes(message).filter { $0.hasPrefix("cmp.protection.") && $0 != "cmp.protection.not-verified" }
            XCTAssertEqual(found, expected.map { [$0] } ?? [], name)
        }
    }

    func testPBMParameters() {
        let salt = Array(repeating: UInt8(3), count: 16)
        let pbm = "1.2.840.113533.7.66.13"
        let cases: [(String, [UInt8], String?)] = [
            ("1000 iterations", DER.algorithm(pbm, DER.pbmParameter(salt: salt, iterations: 1000)), nil),
            ("10000 iterations", DER.algorithm(pbm, DER.pbmParameter(salt: salt, iterations: 10_000)), nil),
            ("10001 iterations", DER.algorithm(pbm, DER.pbmParameter(salt: salt, iterations: 10_001)), "cmp.protection.pbm.iterations-high"),
            ("500 iterations", DER.algorithm(pbm, DER.pbmParameter(salt: salt, iterations: 500)), "cmp.protection.pbm.iterations-low"),
            ("owf SHA-1", DER.algorithm(pbm, DER.pbmParameter(salt: salt, owf: "1.3.14.3.2.26", iterations: 1000)),
             "cmp.protection.pbm.weak-owf"),
            ("owf MD5", DER.algorithm(pbm, DER.pbmParameter(salt: salt, owf: "1.2.840.113549.2.5", iterations: 1000)),
             "cmp.protection.pbm.weak-owf"),
            ("NULL parameters", DER.algorithm(pbm, DER.null), "cmp.protection.pbm.params-null"),
            ("no parameters", DER.algorithm(pbm), "cmp.protection.pbm.params-null"),
            ("PBMAC1 id-PBKDF2", pbmac1(kdf: "1.2.840.113549.1.5.12"), nil),
            ("PBMAC1 id-PBES2", pbmac1(kdf: "1.2.840.113549.1.5.13"), "cmp.protection.pbmac1.pbes2-oid"),
            ("PBMAC1 PRF SHA-1, MAC SHA-256", pbmac1(kdf: "1.2.840.113549.1.5.12", prf: "1.2.840.113549.2.7"),
             "cmp.protection.pbmac1.prf-mac-mismatch"),
        ]
        for (name, alg, expected) in cases {
            var message = TestMessage()
            message.protectionAlg = alg
            var harness = AnalysisHarness()
            let found = harness.codes(message).subtracting(["cmp.protection.not-verified"])
            XCTAssertEqual(found, expected.map { [$0] } ?? [], name)
        }
    }

    private func pbmac1(kdf: String, prf: String = "1.2.840.113549.2.9") -> [UInt8] {
        let kdfParameters = DER.sequence(DER.octets(Array(repeating: 5, count: 16)), DER.integer(2000), DER.integer(32),
                                         DER.algorithm(prf, DER.null))
        return DER.algorithm("1.2.840.113549.1.5.14",
                             DER.sequence(DER.algorithm(kdf, kdfParameters), DER.algorithm("1.2.840.113549.2.9", DER.null)))
    }

    func testBodyRules() {
        let certificate = DER.sequence(DER.sequence(), DER.algorithm("1.2.840.10045.4.3.2"), DER.bitString([1]))
        let cases: [(String, [UInt8], Set<String>)] = [
            ("caPubs in ip with certificate", TestMessage.certRep(.ip, certificate: certificate, caPubs: certificate), []),
            ("caPubs in cp", TestMessage.certRep(.cp, certificate: certificate, caPubs: certificate), ["cmp.body.ca-pubs.unexpected"]),
            ("caPubs in kup", TestMessage.certRep(.kup, certificate: certificate, caPubs: certificate), ["cmp.body.ca-pubs.unexpected"]),
            ("caPubs in ip without certificate", TestMessage.certRep(.ip, status: 2, caPubs: certificate), ["cmp.body.ca-pubs.unexpected"]),
            ("ir certReqId 0", TestMessage.ir(certReqId: 0), []),
            ("ir certReqId 1", TestMessage.ir(certReqId: 1), ["cmp.body.cert-req-id.unexpected"]),
            ("kur certReqId 7", TestMessage.ir(.kur, certReqId: 7), ["cmp.body.cert-req-id.unexpected"]),
            ("checkAfter 5", TestMessage.pollRep(checkAfter: 5), []),
            ("checkAfter 0", TestMessage.pollRep(checkAfter: 0), ["cmp.poll.check-after.nonpositive"]),
            ("checkAfter -1", TestMessage.pollRep(checkAfter: -1), ["cmp.poll.check-after.nonpositive"]),
            ("checkAfter 86400", TestMessage.pollRep(checkAfter: 86_400), []),
            ("checkAfter absolute time", TestMessage.pollRep(checkAfter: 1_796_126_400), ["cmp.poll.check-after.large"]),
            ("two CertReqMsg", TestMessage.body(.ir, DER.sequence(DER.sequence(DER.sequence(DER.integer(0), DER.sequence())),
                                                                  DER.sequence(DER.sequence(DER.integer(1), DER.sequence())))),
             ["cmp.body.cert-req-msgs.multiple", "cmp.body.cert-req-id.unexpected"]),
        ]
        for (name, body, expected) in cases {
            var message = TestMessage()
            message.body = body
            var harness = AnalysisHarness()
            let found = harness.codes(message).filter { $0.hasPrefix("cmp.body.") || $0.hasPrefix("cmp.poll.") }
            XCTAssertEqual(found, expected, name)
        }
    }

    func testNegativeCheckAfterIsAnError() {
        var message = TestMessage()
        message.body = TestMessage.pollRep(checkAfter: -1)
        var harness = AnalysisHarness()
        let finding = harness.run(message).findings.first { $0.code.rawValue == "cmp.poll.check-after.nonpositive" }
        XCTAssertEqual(finding?.severity, .error)
        message.body = TestMessage.pollRep(checkAfter: 0)
        XCTAssertEqual(harness.run(message).findings.first { $0.code.rawValue == "cmp.poll.check-after.nonpositive" }?.severity, .warning)
    }

    func testUnknownFailInfoBit() {
        // failInfo with bit 27 set: 4 octets, bit 27 = MSB-first position 27 → octet 3, mask 0x10; 4 unused bits.
        let statusInfo = DER.sequence(DER.integer(2), DER.tlv(0x03, [4, 0, 0, 0, 0x10]))
        var message = TestMessage()
        message.body = TestMessage.body(.error, DER.sequence(statusInfo))
        var harness = AnalysisHarness()
        XCTAssertTrue(harness.codes(message).contains("cmp.body.fail-info.unknown-bit"))
        message.body = TestMessage.body(.error, DER.sequence(DER.sequence(DER.integer(2), DER.tlv(0x03, [6, 0x40]))))
        XCTAssertFalse(harness.codes(message).contains("cmp.body.fail-info.unknown-bit"))
    }

    func testWellKnownURI() {
        let cases: [(uri: String, body: [UInt8], expected: Set<String>)] = [
            ("/pkix/", TestMessage.ir(), ["http.uri.not-well-known"]),
            ("/ejbca/publicweb/cmp/alias", TestMessage.ir(), ["http.uri.not-well-known", "http.uri.ejbca"]),
            ("/pkix/", TestMessage.certConf(hash: [1]), []),
            ("/.well-known/cmp", TestMessage.ir(), []),
            ("/.well-known/cmp/initialization", TestMessage.ir(), []),
            ("http://ca.example:80/.well-known/cmp/p/profile/initialization?x=1", TestMessage.ir(), []),
            ("/.well-known/cmp/initialization", TestMessage.certConf(hash: [1]), []),
            ("/.well-known/cmp/certification", TestMessage.ir(), ["http.uri.operation-mismatch"]),
            ("/.well-known/cmp/p/profile/pkcs10", TestMessage.ir(.cr), ["http.uri.operation-mismatch"]),
            ("/.well-known/cmp/p/initialization", TestMessage.ir(.cr), []),
            ("/.well-known/cmp/unregistered-label", TestMessage.ir(.cr), []),
            ("/.well-known/cmpx", TestMessage.ir(), ["http.uri.not-well-known"]),
            ("/.well-known/cmp#fragment", TestMessage.ir(), []),
            ("https://ca.example", TestMessage.ir(), ["http.uri.not-well-known"]),
            ("https://ca.example?/.well-known/cmp", TestMessage.ir(), ["http.uri.not-well-known"]),
            ("/.well-known/cmp?next=http://elsewhere/pkix", TestMessage.ir(), []),
            ("/pkix/?next=http://ca/.well-known/cmp", TestMessage.ir(), ["http.uri.not-well-known"]),
            ("HTTP://CA.EXAMPLE/.well-known/cmp/certification", TestMessage.ir(.cr), []),
            ("/x://ca/.well-known/cmp", TestMessage.ir(), ["http.uri.not-well-known"]),  // a path, not a scheme
            ("coaps+tcp://ca/.well-known/cmp", TestMessage.ir(), []),
        ]
        for testCase in cases {
            var message = TestMessage()
            message.body = testCase.body
            var harness = AnalysisHarness()
            let http = HTTPInfo(kind: .request, version: "1.1", method: "POST", uri: testCase.uri, contentType: "application/pkixcmp")
            let found = harness.codes(message, http: http).filter { $0.hasPrefix("http.uri.") }
            XCTAssertEqual(found, testCase.expected, testCase.uri)
        }
        // A response repeats its request's URI: not checked again.
        var harness = AnalysisHarness()
        let response = HTTPInfo(kind: .response, version: "1.1", method: "POST", uri: "/pkix/", status: 200)
        XCTAssertFalse(harness.codes(TestMessage(), http: response).contains("http.uri.not-well-known"))
    }

    /// A message swift-asn1 cannot read (BER length) still gets the header rules from the summary.
    func testBERMessageFallsBackToSummary() {
        var message = TestMessage()
        message.transactionID = nil
        var der = message.der
        // Re-encode the outer length in non-minimal long form (BER): 30 82 00 LL …
        let headerLength = der[1] < 0x80 ? 2 : 2 + Int(der[1] & 0x7F)
        let content = Array(der[headerLength...])
        XCTAssertLessThan(content.count, 256)
        der = [0x30, 0x82, 0x00, UInt8(content.count)] + content
        var harness = AnalysisHarness()
        let codes = Set(harness.run(der).findings.map(\.code.rawValue))
        XCTAssertTrue(codes.contains("cmp.header.transaction-id.missing"), "\(codes)")
        XCTAssertTrue(codes.contains("cmp.protection.not-verified"), "\(codes)")
    }
}
