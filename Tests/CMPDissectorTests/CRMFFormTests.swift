import CMPCore
import CMPDissector
import XCTest

/// Every ProofOfPossession form, the remaining controls and regInfo, and certificate extensions by name
/// (RFC 4211 §4, §6, §7; RFC 5280 §4.2).
final class CRMFFormTests: XCTestCase {
    let builder = MessageTreeBuilder()

    func request(_ pop: [UInt8], controls: [UInt8] = [], regInfo: [UInt8] = []) -> DissectionNode {
        let certReq = B.seq(B.int(0), B.seq(B.ctx(5, B.name("ee"))), controls.isEmpty ? [] : B.seq(controls))
        let bytes = B.message(pvno: 3, body: 2, B.seq(B.seq(certReq, pop, regInfo.isEmpty ? [] : B.seq(regInfo))))
        let tree = builder.build(bytes)
        XCTAssertNil(tree.error, tree.root.dump)
        XCTAssertFalse(tree.root.all.contains { $0.name.hasPrefix("[") }, tree.root.dump)
        return tree.root.named("CertReqMsg").first ?? tree.root
    }

    func testSignaturePOPWithPoposkInput() {
        let spki = B.seq(B.alg("1.3.101.112"), B.bits([0x01]))
        let input = B.ctx(0, B.ctx(0, B.ctx(4, B.name("ee"))), spki)  // [0] IMPLICIT POPOSigningKeyInput { sender [0] GeneralName, publicKey }
        let pop = B.ctx(1, input, B.alg("1.3.101.112"), B.bits([0x99]))
        let message = request(pop)
        XCTAssertEqual(message.find("popo")?.value, "signature (1)")
        let signature = message.find("popo", "signature")
        XCTAssertEqual(signature?.find("algorithmIdentifier")?.value, "id-Ed25519 (1.3.101.112)")
        XCTAssertEqual(signature?.find("poposkInput", "authInfo")?.value, "sender (0)")
        XCTAssertEqual(signature?.find("poposkInput", "authInfo", "sender")?.value, "CN=ee")
        XCTAssertEqual(signature?.find("poposkInput", "publicKey")?.value, "id-Ed25519, 1-byte key")
    }

    func testKeyEnciphermentAndKeyAgreementForms() {
        let cases: [([UInt8], String, String)] = [
            (B.ctx(2, B.prim(0, [0x00, 0xAB])), "keyEncipherment (2)", "thisMessage (0)"),
            (B.ctx(3, B.prim(2, [0x00, 0xCD])), "keyAgreement (3)", "dhMAC (2)"),
            (B.ctx(3, B.ctx(3, B.alg("1.2.840.113533.7.66.13"), B.bits([0x01]))), "keyAgreement (3)", "agreeMAC (3)"),
            (B.ctx(2, B.ctx(4, B.envelopedDataContent)), "keyEncipherment (2)", "encryptedKey (4)"),
        ]
        for (pop, form, inner) in cases {
            let message = request(pop)
            XCTAssertEqual(message.find("popo")?.value, form)
            XCTAssertEqual(message.find("popo")?.children.first?.value, inner)
        }
        let agree = request(B.ctx(3, B.ctx(3, B.alg("1.2.840.113533.7.66.13"), B.bits([0x01]))))
        XCTAssertEqual(agree.find("popo", "keyAgreement", "agreeMAC", "algId")?.value, "id-PasswordBasedMac (1.2.840.113533.7.66.13)")
        let encrypted = request(B.ctx(2, B.ctx(4, B.envelopedDataContent)))
        XCTAssertEqual(encrypted.find("popo", "keyEncipherment", "encryptedKey", "recipientInfos")?.value, "1 item")
    }

    func testControlsAndRegInfo() {
        let publication = B.seq(B.oid("1.3.6.1.5.5.7.5.1.3"), B.seq(B.int(1), B.seq(B.seq(B.int(3), B.prim(6, Array("ldap://x".utf8))))))
        let archive = B.seq(B.oid("1.3.6.1.5.5.7.5.1.4"), B.ctx(0, B.ctx(0, B.envelopedDataContent)))
        let encrKey = B.seq(B.oid("1.3.6.1.5.5.7.5.1.6"), B.seq(B.alg("1.2.840.113549.1.1.1", B.null), B.bits([0x30, 0x00])))
        let authenticator = B.seq(B.oid("1.3.6.1.5.5.7.5.1.2"), B.utf8("auth"))
        let certReq = B.seq(B.oid("1.3.6.1.5.5.7.5.2.2"), B.seq(B.int(4), B.seq()))
        let message = request([0x80, 0x00], controls: publication + archive + encrKey + authenticator, regInfo: certReq)
        let controls = message.find("certReq", "controls")?.children ?? []
        XCTAssertEqual(controls.count, 4)
        XCTAssertEqual(controls.first?.find("value", "action")?.value, "pleasePublish (1)")
        XCTAssertEqual(controls.first?.find("value", "pubInfos", "SinglePubInfo", "pubMethod")?.value, "ldap (3)")
        XCTAssertEqual(controls.first?.find("value", "pubInfos", "SinglePubInfo", "pubLocation")?.value, "uniformResourceIdentifier:ldap://x")
        XCTAssertEqual(controls.dropFirst().first?.find("value")?.value, "encryptedPrivKey (0)")
        XCTAssertEqual(controls.dropFirst().first?.find("value", "encryptedPrivKey")?.value, "envelopedData (0)")
        XCTAssertEqual(controls.dropFirst(2).first?.find("value")?.value, "rsaEncryption, 2-byte key")
        XCTAssertEqual(controls.last?.find("value")?.value, "auth")
        XCTAssertEqual(message.find("regInfo")?.children.first?.find("value", "certReqId")?.value, "4")
    }

    func testCertificateExtensionsByName() throws {
        let san = B.seq(B.oid("2.5.29.17"), B.octets(B.seq(B.prim(2, Array("ca.example".utf8)), B.prim(7, [10, 0, 0, 1]))))
        let eku = B.seq(B.oid("2.5.29.37"), B.octets(B.seq(B.oid("1.3.6.1.5.5.7.3.28"))))
        let aia = B.seq(B.oid("1.3.6.1.5.5.7.1.1"), B.octets(B.seq(B.seq(B.oid("1.3.6.1.5.5.7.48.2"), B.prim(6, Array("http://ca/c".utf8))))))
        let cdp = B.seq(B.oid("2.5.29.31"), B.octets(B.seq(B.seq(B.ctx(0, B.ctx(0, B.prim(6, Array("http://ca/l".utf8))))))))
        let policies = B.seq(B.oid("2.5.29.32"), B.octets(B.seq(B.seq(B.oid("2.5.29.32.0")))))
        let basic = B.seq(B.oid("2.5.29.19"), B.tlv(0x01, [0xFF]), B.octets(B.seq(B.tlv(0x01, [0xFF]), B.int(0))))
        let unknown = B.seq(B.oid("1.2.3.4.5"), B.octets([0x05, 0x00]))
        let tbs = B.seq(B.ctx(0, B.int(2)), B.int(1), B.alg("1.2.840.113549.1.1.11", B.null), B.name("CA"),
                        B.seq(B.tlv(0x17, Array("260101000000Z".utf8)), B.tlv(0x18, Array("20500101000000Z".utf8))), B.name("CA"),
                        B.seq(B.alg("1.2.840.113549.1.1.1", B.null), B.bits(B.seq(B.tlv(0x02, [0x00, 0xC0] + [UInt8](repeating: 1, count: 255)), B.int(3)))),
                        B.ctx(3, B.seq(san, eku, aia, cdp, policies, basic, unknown)))
        let cert = B.seq(tbs, B.alg("1.2.840.113549.1.1.11", B.null), B.bits([0x01]))
        let tree = builder.build(B.message(body: 16, cert))
        XCTAssertNil(tree.error, tree.root.dump)
        let certificate = try XCTUnwrap(tree.root.find("body", "cann", "tbsCertificate"))
        XCTAssertEqual(certificate.find("subjectPublicKeyInfo")?.value, "rsaEncryption, 2048 bits")
        XCTAssertEqual(certificate.find("validity", "notAfter")?.value, "2050-01-01T00:00:00Z (20500101000000Z)")
        let extensions = try XCTUnwrap(certificate.find("extensions")?.children)
        func content(_ index: Int) -> DissectionNode? { extensions[index].find("extnValue")?.children.first }
        XCTAssertEqual(content(0)?.name, "subjectAltName")
        XCTAssertEqual(content(0)?.children.map(\.value), ["dNSName:ca.example", "iPAddress:10.0.0.1"])
        XCTAssertEqual(content(1)?.children.first?.value, "id-kp-cmcRA (1.3.6.1.5.5.7.3.28)")
        XCTAssertEqual(content(2)?.find("AccessDescription", "accessMethod")?.value, "id-ad-caIssuers (1.3.6.1.5.5.7.48.2)")
        XCTAssertEqual(content(3)?.find("DistributionPoint", "distributionPoint")?.value, "fullName (0)")
        XCTAssertEqual(content(4)?.find("PolicyInformation", "policyIdentifier")?.value, "anyPolicy (2.5.29.32.0)")
        XCTAssertEqual(content(5)?.find("cA")?.value, "True")
        XCTAssertEqual(content(5)?.find("pathLenConstraint")?.value, "0")
        XCTAssertEqual(extensions[5].find("critical")?.value, "True")
        // Unknown extension: named by number, its value raw.
        XCTAssertEqual(extensions[6].value, "1.2.3.4.5")
        XCTAssertEqual(content(6)?.value, "NULL")
    }
}
