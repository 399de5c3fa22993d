import CMPCore
import CMPDissector
import XCTest

/// Bodies and protections OpenSSL's mock server does not send, built from the RFC 9810 and RFC 4211
/// modules (CMP: EXPLICIT tags; CRMF: IMPLICIT tags, explicit around CHOICEs).
final class HandBuiltTreeTests: XCTestCase {
    let builder = MessageTreeBuilder()

    func tree(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> DissectionNode {
        let built = builder.build(bytes)
        XCTAssertNil(built.error, "\(built.error.map(String.init(describing:)) ?? "")\n\(built.root.dump)", file: file, line: line)
        XCTAssertFalse(built.root.all.contains { $0.name.hasPrefix("[") }, built.root.dump, file: file, line: line)
        return built.root
    }

    func testPopdeccWithEncryptedRandAndPopdecr() throws {
        let challenge = B.seq(B.alg("2.16.840.1.101.3.4.2.1"), B.octets([1, 2]), B.octets([]), B.ctx(0, B.envelopedData))
        let root = tree(B.message(pvno: 3, body: 5, B.seq(challenge)))
        XCTAssertEqual(root.find("body")?.value, "popdecc (5)")
        let item = try XCTUnwrap(root.named("Challenge").first)
        XCTAssertEqual(item.find("owf")?.value, "sha256 (2.16.840.1.101.3.4.2.1)")
        XCTAssertEqual(item.find("witness")?.value, "0102")
        XCTAssertEqual(item.find("challenge")?.value, "(empty)")
        let recipient = try XCTUnwrap(item.find("encryptedRand", "recipientInfos", "RecipientInfo"))
        XCTAssertEqual(recipient.value, "ktri (0)")
        XCTAssertEqual(recipient.find("ktri", "keyEncryptionAlgorithm")?.value, "id-RSAES-OAEP (1.2.840.113549.1.1.7)")
        XCTAssertEqual(recipient.find("ktri", "rid")?.value, "subjectKeyIdentifier (0)")

        let response = tree(B.message(body: 6, B.seq(B.int(5), B.int(7))))
        XCTAssertEqual(response.find("body", "popdecr")?.children.map(\.value), ["5", "7"])
    }

    func testKrrWithControlsRegInfoAndKeyEnciphermentPOP() throws {
        let template = B.seq(B.prim(1, [0x05]), B.ctx(5, B.name("client")))
        let oldCertID = B.seq(B.oid("1.3.6.1.5.5.7.5.1.5"), B.seq(B.ctx(4, B.name("CA")), B.int(9)))
        let token = B.seq(B.oid("1.3.6.1.5.5.7.5.1.1"), B.utf8("secret-token"))
        let request = B.seq(B.int(3), template, B.seq(oldCertID, token))
        let pop = B.ctx(2, B.prim(1, [0x00]))  // keyEncipherment [2] { subsequentMessage [1] encrCert }
        let regInfo = B.seq(B.seq(B.oid("1.3.6.1.5.5.7.5.2.1"), B.utf8("version?1%")))
        let root = tree(B.message(body: 9, B.seq(B.seq(request, pop, regInfo))))
        let message = try XCTUnwrap(root.named("CertReqMsg").first)
        XCTAssertEqual(message.find("certReq", "certReqId")?.value, "3")
        XCTAssertEqual(message.find("certReq", "certTemplate", "serialNumber")?.value, "5")
        XCTAssertEqual(message.find("certReq", "certTemplate", "subject")?.value, "CN=client")
        let controls = try XCTUnwrap(message.find("certReq", "controls"))
        XCTAssertEqual(controls.children.map(\.value), ["id-regCtrl-oldCertID (1.3.6.1.5.5.7.5.1.5)", "id-regCtrl-regToken (1.3.6.1.5.5.7.5.1.1)"])
        XCTAssertEqual(controls.children.first?.find("value", "serialNumber")?.value, "9")
        XCTAssertEqual(controls.children.first?.find("value", "issuer")?.value, "CN=CA")
        XCTAssertEqual(controls.children.last?.find("value")?.value, "secret-token")
        XCTAssertEqual(message.find("popo")?.value, "keyEncipherment (2)")
        XCTAssertEqual(message.find("popo", "keyEncipherment")?.value, "subsequentMessage (1)")
        XCTAssertEqual(message.find("popo", "keyEncipherment", "subsequentMessage")?.value, "encrCert (0)")
        XCTAssertEqual(message.find("regInfo")?.children.first?.find("value")?.value, "version?1%")
    }

    func testKrpWithEnvelopedDataPrivateKey() throws {
        let pair = B.seq(B.ctx(0, B.certificate("client")), B.ctx(0, B.ctx(0, B.envelopedDataContent)))
        let content = B.seq(B.seq(B.int(0)), B.ctx(0, B.certificate("sig")), B.ctx(1, B.seq(B.certificate("CA"))),
                            B.ctx(2, B.seq(pair)))
        let root = tree(B.message(pvno: 3, body: 10, content))
        let krp = try XCTUnwrap(root.find("body", "krp"))
        XCTAssertEqual(krp.find("status")?.value, "accepted (0)")
        XCTAssertEqual(krp.find("newSigCert")?.value, "CN=sig")
        XCTAssertEqual(krp.find("caCerts")?.children.first?.value, "CN=CA")
        let key = try XCTUnwrap(krp.find("keyPairHist", "CertifiedKeyPair", "privateKey"))
        XCTAssertEqual(key.value, "envelopedData (0)")
        XCTAssertEqual(key.find("envelopedData", "encryptedContentInfo", "contentEncryptionAlgorithm")?.value,
                       "aes256-CBC (2.16.840.1.101.3.4.1.42)")
        XCTAssertEqual(key.find("envelopedData", "version")?.value, "v0 (0)")
    }

    func testCcrWithRaVerifiedAndCcpWithEncryptedValue() throws {
        let request = B.seq(B.seq(B.int(0), B.seq(B.ctx(5, B.name("cross")))), [0x80, 0x00])
        let root = tree(B.message(body: 13, B.seq(request)))
        XCTAssertEqual(root.named("popo").first?.value, "raVerified (0)")
        XCTAssertEqual(root.named("raVerified").first?.value, "NULL")

        let value = B.seq(B.ctx(1, B.oid("2.16.840.1.101.3.4.1.42")), B.prim(2, [0x00, 0x55]), B.bits([0xEE]))
        let response = B.seq(B.int(0), B.seq(B.int(0)), B.seq(B.ctx(1, value)))
        let reply = tree(B.message(body: 14, B.seq(B.seq(response))))
        let cert = try XCTUnwrap(reply.named("certOrEncCert").first)
        XCTAssertEqual(cert.value, "encryptedCert (1)")
        XCTAssertEqual(cert.find("encryptedCert")?.value, "encryptedValue (0)")
        XCTAssertEqual(cert.find("encryptedCert", "encryptedValue", "symmAlg")?.value, "aes256-CBC (2.16.840.1.101.3.4.1.42)")
        XCTAssertEqual(cert.find("encryptedCert", "encryptedValue", "encSymmKey")?.value, "55")
        XCTAssertEqual(cert.find("encryptedCert", "encryptedValue", "encValue")?.value, "ee")
    }

    func testCkuannInBothFormsCannRannAndCrlann() throws {
        let v2 = tree(B.message(body: 15, B.seq(B.certificate("old-new"), B.certificate("new-old"), B.certificate("new-new"))))
        XCTAssertEqual(v2.find("body", "ckuann")?.value, "cAKeyUpdAnnV2 (0)")
        XCTAssertEqual(v2.find("body", "ckuann", "cAKeyUpdAnnV2", "newWithNew")?.value, "CN=new-new")

        let v3 = tree(B.message(pvno: 3, body: 15, B.ctx(0, B.seq(B.certificate("new-new"), B.ctx(1, B.certificate("old-new"))))))
        XCTAssertEqual(v3.find("body", "ckuann")?.value, "cAKeyUpdAnnV3 (0)")
        XCTAssertEqual(v3.find("body", "ckuann", "cAKeyUpdAnnV3", "newWithNew")?.value, "CN=new-new")
        XCTAssertEqual(v3.find("body", "ckuann", "cAKeyUpdAnnV3", "oldWithNew")?.value, "CN=old-new")
        XCTAssertNil(v3.find("body", "ckuann", "cAKeyUpdAnnV3", "newWithOld"))

        let cann = tree(B.message(body: 16, B.certificate("announced", serial: 300)))
        XCTAssertEqual(cann.find("body", "cann")?.value, "CN=announced")
        XCTAssertEqual(cann.find("body", "cann", "tbsCertificate", "serialNumber")?.value, "300")
        XCTAssertEqual(cann.find("body", "cann", "tbsCertificate", "validity", "notBefore")?.value,
                       "2026-01-01T00:00:00Z (260101000000Z)")

        let rann = tree(B.message(body: 17, B.seq(B.int(5), B.seq(B.ctx(4, B.name("CA")), B.int(77)),
                                                  B.time("20270101120000Z"), B.time("20260601000000.5Z"))))
        let content = try XCTUnwrap(rann.find("body", "rann"))
        XCTAssertEqual(content.find("status")?.value, "revocationNotification (5)")
        XCTAssertEqual(content.find("certId", "serialNumber")?.value, "77")
        XCTAssertEqual(content.find("willBeRevokedAt")?.value, "2027-01-01T12:00:00Z (20270101120000Z)")
        XCTAssertEqual(content.find("badSinceDate")?.value, "2026-06-01T00:00:00.5Z (20260601000000.5Z)")

        let reason = B.seq(B.oid("2.5.29.21"), B.octets(B.tlv(0x0A, [0x01])))
        let entry = B.seq(B.int(7), B.tlv(0x17, Array("260301000000Z".utf8)), B.seq(reason))
        let crl = B.seq(B.seq(B.int(1), B.alg("1.2.840.10045.4.3.2"), B.name("CA"), B.tlv(0x17, Array("260301000000Z".utf8)),
                              B.seq(entry)),
                        B.alg("1.2.840.10045.4.3.2"), B.bits([0x30, 0x00]))
        let crlann = tree(B.message(body: 18, B.seq(crl)))
        let revoked = try XCTUnwrap(crlann.named("revokedCertificate").first)
        XCTAssertEqual(revoked.find("userCertificate")?.value, "7")
        XCTAssertEqual(revoked.find("crlEntryExtensions", "Extension")?.value, "id-ce-cRLReasons (2.5.29.21)")
        XCTAssertEqual(revoked.find("crlEntryExtensions", "Extension", "extnValue", "cRLReasons")?.value, "keyCompromise (1)")
    }

    func testNestedMessagesAreDecodedRecursively() throws {
        let inner = B.message(body: 19, B.null)
        let root = tree(B.message(body: 20, B.seq(inner, inner)))
        let messages = try XCTUnwrap(root.find("body", "nested"))
        XCTAssertEqual(messages.value, "2 items")
        XCTAssertEqual(messages.children.first?.find("body")?.value, "pkiconf (19)")
        XCTAssertEqual(messages.children.first?.find("body", "pkiconf")?.value, "NULL")
        // Ranges of the inner message are offsets in the outer PKIMessage.
        XCTAssertGreaterThan(messages.children.last?.range.lowerBound ?? 0, messages.children.first?.range.lowerBound ?? 0)
    }

    func testPBMAC1KemBasedMacAndDHBasedMacProtection() throws {
        let hmac256 = B.alg("1.2.840.113549.2.9")
        let pbkdf2 = B.alg("1.2.840.113549.1.5.12", B.seq(B.octets([0xA1, 0xB2]), B.int(1000), B.int(32), hmac256))
        let pbmac1 = tree(B.message(body: 19, B.null, protectionAlg: B.alg("1.2.840.113549.1.5.14", B.seq(pbkdf2, hmac256)),
                                    protection: true))
        let params = try XCTUnwrap(pbmac1.find("header", "protectionAlg", "parameters"))
        XCTAssertEqual(pbmac1.find("header", "protectionAlg")?.value, "id-PBMAC1 (1.2.840.113549.1.5.14)")
        XCTAssertEqual(params.find("keyDerivationFunc")?.value, "id-PBKDF2 (1.2.840.113549.1.5.12)")
        XCTAssertEqual(params.find("keyDerivationFunc", "parameters", "iterationCount")?.value, "1000")
        XCTAssertEqual(params.find("keyDerivationFunc", "parameters", "keyLength")?.value, "32")
        XCTAssertEqual(params.find("keyDerivationFunc", "parameters", "salt")?.value, "specified (0)")
        XCTAssertEqual(params.find("keyDerivationFunc", "parameters", "prf")?.value, "hmacWithSHA256 (1.2.840.113549.2.9)")
        XCTAssertEqual(params.find("messageAuthScheme")?.value, "hmacWithSHA256 (1.2.840.113549.2.9)")
        XCTAssertEqual(pbmac1.find("protection")?.value, "ab")

        let kem = B.alg("1.2.840.113533.7.66.16", B.seq(B.alg("1.2.840.113549.1.9.16.3.28"), B.ctx(0, B.octets([7])), B.int(32), hmac256))
        let kemTree = tree(B.message(pvno: 3, body: 19, B.null, protectionAlg: kem, protection: true))
        let kemParams = try XCTUnwrap(kemTree.find("header", "protectionAlg", "parameters"))
        XCTAssertEqual(kemTree.find("header", "protectionAlg")?.value, "id-KemBasedMac (1.2.840.113533.7.66.16)")
        XCTAssertEqual(kemParams.find("kdf")?.value, "id-alg-hkdf-with-sha256 (1.2.840.113549.1.9.16.3.28)")
        XCTAssertEqual(kemParams.find("kemContext")?.value, "07")
        XCTAssertEqual(kemParams.find("len")?.value, "32")

        let dh = B.alg("1.2.840.113533.7.66.30", B.seq(B.alg("1.3.14.3.2.26"), B.alg("1.3.6.1.5.5.8.1.2")))
        let dhTree = tree(B.message(body: 19, B.null, protectionAlg: dh, protection: true))
        XCTAssertEqual(dhTree.find("header", "protectionAlg")?.value, "id-DHBasedMac (1.2.840.113533.7.66.30)")
        XCTAssertEqual(dhTree.find("header", "protectionAlg", "parameters", "owf")?.value, "sha1 (1.3.14.3.2.26)")
    }

    func testPvno3CertConfWithHashAlg() throws {
        let status = B.seq(B.octets([0xDE, 0xAD]), B.int(0), B.seq(B.int(0)), B.ctx(0, B.alg("2.16.840.1.101.3.4.2.10")))
        let root = tree(B.message(pvno: 3, body: 24, B.seq(status)))
        XCTAssertEqual(root.find("header", "pvno")?.value, "cmp2021 (3)")
        let entry = try XCTUnwrap(root.named("CertStatus").first)
        XCTAssertEqual(entry.find("certHash")?.value, "dead")
        XCTAssertEqual(entry.find("hashAlg")?.value, "sha3-512 (2.16.840.1.101.3.4.2.10)")
        XCTAssertEqual(entry.find("statusInfo")?.value, "accepted (0)")
    }

    /// id-it values decoded by type (RFC 9810 §5.3.19), in genp and in the header's generalInfo.
    func testInfoTypeValuesAndHeaderFields() throws {
        let itavs = B.seq(
            B.seq(B.oid("1.3.6.1.5.5.7.4.17"), B.seq(B.certificate("root"))),
            B.seq(B.oid("1.3.6.1.5.5.7.4.24"), B.seq(B.alg("2.16.840.1.101.3.4.4.2"), B.octets([1, 2, 3]))),
            B.seq(B.oid("1.3.6.1.5.5.7.4.21"), B.seq(B.utf8("profile-a"))),
            B.seq(B.oid("1.3.6.1.5.5.7.4.7"), B.seq(B.oid("1.3.6.1.5.5.7.4.99"))),
            B.seq(B.oid("1.3.6.1.4.1.99999.1"), B.octets([0x42])))
        let header = B.seq(B.int(2), B.ctx(4, B.seq()), B.prim(1, Array("ca@example.com".utf8)),
                           B.ctx(7, B.seq(B.utf8("hello"), B.utf8("bonjour"))),
                           B.ctx(8, B.seq(B.seq(B.oid("1.3.6.1.5.5.7.4.13"), B.null),
                                          B.seq(B.oid("1.3.6.1.5.5.7.4.14"), B.time("20261201120000Z")))))
        let root = tree(B.seq(header, B.ctx(22, itavs)))
        XCTAssertEqual(root.find("header", "sender")?.value, "(empty: NULL-DN)")
        XCTAssertEqual(root.find("header", "recipient")?.value, "rfc822Name:ca@example.com")
        XCTAssertEqual(root.find("header", "freeText")?.children.map(\.value), ["hello", "bonjour"])
        let info = try XCTUnwrap(root.find("header", "generalInfo"))
        XCTAssertEqual(info.children.map(\.value), ["id-it-implicitConfirm (1.3.6.1.5.5.7.4.13)", "id-it-confirmWaitTime (1.3.6.1.5.5.7.4.14)"])
        XCTAssertEqual(info.children.last?.find("infoValue")?.value, "2026-12-01T12:00:00Z (20261201120000Z)")
        let genp = try XCTUnwrap(root.find("body", "genp"))
        XCTAssertEqual(genp.children[0].find("infoValue")?.children.first?.value, "CN=root")
        XCTAssertEqual(genp.children[1].find("infoValue", "kem")?.value, "id-alg-ml-kem-768 (2.16.840.1.101.3.4.4.2)")
        XCTAssertEqual(genp.children[1].find("infoValue", "ct")?.value, "010203")
        XCTAssertEqual(genp.children[2].find("infoValue")?.children.first?.value, "profile-a")
        XCTAssertEqual(genp.children[3].find("infoValue")?.children.first?.value, "1.3.6.1.5.5.7.4.99")
        // A vendor type unknown to the table: its value raw, still shown.
        XCTAssertEqual(genp.children[4].value, "1.3.6.1.4.1.99999.1")
        XCTAssertEqual(genp.children[4].find("infoValue")?.value, "OCTET STRING: 42")
    }

    func testErrorRevocationAndPollBodies() throws {
        let info = B.seq(B.int(2), B.seq(B.utf8("no")), B.bits([0x20, 0x00, 0x00, 0x20], unused: 5))
        let error = tree(B.message(body: 23, B.seq(info, B.int(-1), B.seq(B.utf8("details")))))
        XCTAssertEqual(error.find("body", "error", "pKIStatusInfo", "failInfo")?.value, "badRequest (2), duplicateCertReq (26)")
        XCTAssertEqual(error.find("body", "error", "pKIStatusInfo", "statusString")?.children.first?.value, "no")
        XCTAssertEqual(error.find("body", "error", "errorCode")?.value, "-1")
        XCTAssertEqual(error.find("body", "error", "errorDetails")?.children.first?.value, "details")

        let details = B.seq(B.seq(B.prim(1, [0x03]), B.ctx(3, B.name("CA"))),
                            B.seq(B.seq(B.oid("2.5.29.21"), B.octets(B.tlv(0x0A, [0x04])))))
        let rr = tree(B.message(body: 11, B.seq(details)))
        XCTAssertEqual(rr.find("body", "rr", "RevDetails", "certDetails", "serialNumber")?.value, "3")
        XCTAssertEqual(rr.find("body", "rr", "RevDetails", "crlEntryDetails", "Extension", "extnValue", "cRLReasons")?.value, "superseded (4)")

        let rp = tree(B.message(body: 12, B.seq(B.seq(B.seq(B.int(0))), B.ctx(0, B.seq(B.seq(B.ctx(4, B.name("CA")), B.int(3)))))))
        XCTAssertEqual(rp.find("body", "rp", "revCerts", "CertId", "serialNumber")?.value, "3")
        XCTAssertEqual(rp.find("body", "rp", "status", "PKIStatusInfo")?.value, "accepted (0)")

        let poll = tree(B.message(body: 26, B.seq(B.seq(B.int(0), B.int(60), B.seq(B.utf8("busy"))))))
        XCTAssertEqual(poll.find("body", "pollRep", "PollRep", "checkAfter")?.value, "60")
        XCTAssertEqual(poll.find("body", "pollRep", "PollRep", "reason")?.children.first?.value, "busy")
    }
}
