import CMPDissector
import SwiftASN1
import X509
import XCTest

/// The OID table against the dotted text of its sources and against swift-asn1 / swift-certificates.
final class OIDTableTests: XCTestCase {
    /// Value notation as the ASN.1 modules write it (RFC 9810 App. F, RFC 4211 App. B, RFC 5280 App. A,
    /// RFC 9480 §2, RFC 9481, RFC 8410, NIST CSOR for FIPS 203/204/205), resolved here arc by arc:
    /// a typo in either the table or this list shows up as a mismatch.
    static let arcs: [String: String] = [
        "id-pkix": "1.3.6.1.5.5.7", "id-it": "id-pkix.4", "id-pkip": "id-pkix.5", "id-regCtrl": "id-pkip.1",
        "id-regInfo": "id-pkip.2", "id-kp": "id-pkix.3", "id-pe": "id-pkix.1", "id-ad": "id-pkix.48",
        "id-ce": "2.5.29", "id-at": "2.5.4", "nistAlgorithms": "2.16.840.1.101.3.4", "hashAlgs": "nistAlgorithms.2",
        "sigAlgs": "nistAlgorithms.3", "kems": "nistAlgorithms.4", "aes": "nistAlgorithms.1",
        "pkcs-1": "1.2.840.113549.1.1", "pkcs-5": "1.2.840.113549.1.5", "pkcs-9": "1.2.840.113549.1.9",
        "id-smime": "pkcs-9.16", "id-alg": "id-smime.3", "ansi-X9-62": "1.2.840.10045", "entrust": "1.2.840.113533.7.66",
        "id-Ed": "1.3.101", "secg": "1.3.132", "rsadsi-digest": "1.2.840.113549.2",
    ]

    static let moduleText: [(name: String, value: String)] = [
        ("id-it-caProtEncCert", "id-it.1"), ("id-it-signKeyPairTypes", "id-it.2"), ("id-it-encKeyPairTypes", "id-it.3"),
        ("id-it-preferredSymmAlg", "id-it.4"), ("id-it-caKeyUpdateInfo", "id-it.5"), ("id-it-currentCRL", "id-it.6"),
        ("id-it-unsupportedOIDs", "id-it.7"), ("id-it-keyPairParamReq", "id-it.10"), ("id-it-keyPairParamRep", "id-it.11"),
        ("id-it-revPassphrase", "id-it.12"), ("id-it-implicitConfirm", "id-it.13"), ("id-it-confirmWaitTime", "id-it.14"),
        ("id-it-origPKIMessage", "id-it.15"), ("id-it-suppLangTags", "id-it.16"), ("id-it-caCerts", "id-it.17"),
        ("id-it-rootCaKeyUpdate", "id-it.18"), ("id-it-certReqTemplate", "id-it.19"), ("id-it-rootCaCert", "id-it.20"),
        ("id-it-certProfile", "id-it.21"), ("id-it-crlStatusList", "id-it.22"), ("id-it-crls", "id-it.23"),
        ("id-it-KemCiphertextInfo", "id-it.24"),
        ("id-regCtrl-regToken", "id-regCtrl.1"), ("id-regCtrl-authenticator", "id-regCtrl.2"),
        ("id-regCtrl-pkiPublicationInfo", "id-regCtrl.3"), ("id-regCtrl-pkiArchiveOptions", "id-regCtrl.4"),
        ("id-regCtrl-oldCertID", "id-regCtrl.5"), ("id-regCtrl-protocolEncrKey", "id-regCtrl.6"),
        ("id-regCtrl-altCertTemplate", "id-regCtrl.7"), ("id-regCtrl-algId", "id-regCtrl.11"),
        ("id-regCtrl-rsaKeyLen", "id-regCtrl.12"), ("id-regInfo-utf8Pairs", "id-regInfo.1"), ("id-regInfo-certReq", "id-regInfo.2"),
        ("id-PasswordBasedMac", "entrust.13"), ("id-DHBasedMac", "entrust.30"), ("id-KemBasedMac", "entrust.16"),
        ("id-kp-cmcCA", "id-kp.27"), ("id-kp-cmcRA", "id-kp.28"), ("id-kp-cmKGA", "id-kp.32"),
        ("id-kp-serverAuth", "id-kp.1"), ("id-kp-clientAuth", "id-kp.2"), ("id-pe-authorityInfoAccess", "id-pe.1"),
        ("id-ad-caIssuers", "id-ad.2"), ("id-ad-ocsp", "id-ad.1"),
        ("id-ce-subjectKeyIdentifier", "id-ce.14"), ("id-ce-keyUsage", "id-ce.15"), ("id-ce-subjectAltName", "id-ce.17"),
        ("id-ce-basicConstraints", "id-ce.19"), ("id-ce-cRLDistributionPoints", "id-ce.31"),
        ("id-ce-certificatePolicies", "id-ce.32"), ("id-ce-authorityKeyIdentifier", "id-ce.35"), ("id-ce-extKeyUsage", "id-ce.37"),
        ("id-ce-cRLReasons", "id-ce.21"), ("id-at-commonName", "id-at.3"), ("id-at-organizationName", "id-at.10"),
        ("id-at-countryName", "id-at.6"), ("id-at-serialNumber", "id-at.5"),
        ("sha256", "hashAlgs.1"), ("sha384", "hashAlgs.2"), ("sha512", "hashAlgs.3"), ("sha3-256", "hashAlgs.8"),
        ("id-shake256", "hashAlgs.12"), ("id-KMACWithSHAKE128", "hashAlgs.19"), ("id-KMACWithSHAKE256", "hashAlgs.20"),
        ("id-ml-dsa-44", "sigAlgs.17"), ("id-ml-dsa-65", "sigAlgs.18"), ("id-ml-dsa-87", "sigAlgs.19"),
        ("id-slh-dsa-sha2-128s", "sigAlgs.20"), ("id-slh-dsa-shake-256f", "sigAlgs.31"),
        ("id-alg-ml-kem-512", "kems.1"), ("id-alg-ml-kem-768", "kems.2"), ("id-alg-ml-kem-1024", "kems.3"),
        ("id-aes128-GMAC", "aes.9"), ("id-aes256-wrap", "aes.45"), ("aes256-CBC", "aes.42"),
        ("rsaEncryption", "pkcs-1.1"), ("id-RSASSA-PSS", "pkcs-1.10"), ("sha256WithRSAEncryption", "pkcs-1.11"),
        ("id-RSAES-OAEP", "pkcs-1.7"), ("id-PBKDF2", "pkcs-5.12"), ("id-PBMAC1", "pkcs-5.14"),
        ("hmacWithSHA256", "rsadsi-digest.9"), ("hmacWithSHA512", "rsadsi-digest.11"),
        ("id-ecPublicKey", "ansi-X9-62.2.1"), ("ecdsa-with-SHA256", "ansi-X9-62.4.3.2"), ("ecdsa-with-SHA384", "ansi-X9-62.4.3.3"),
        ("prime256v1", "ansi-X9-62.3.1.7"), ("secp384r1", "secg.0.34"), ("secp521r1", "secg.0.35"),
        ("id-X25519", "id-Ed.110"), ("id-Ed25519", "id-Ed.112"), ("id-Ed448", "id-Ed.113"),
        ("id-alg-hkdf-with-sha256", "id-alg.28"), ("id-ori-kem", "id-smime.13.3"), ("id-ct-encKeyWithID", "id-smime.1.21"),
        ("dhSinglePass-stdDH-sha256kdf-scheme", "secg.1.11.1"),
    ]

    static func resolve(_ value: String) -> String {
        var parts = value.split(separator: ".").map(String.init)
        while let first = parts.first, let base = arcs[first] {
            parts = base.split(separator: ".").map(String.init) + parts.dropFirst()
        }
        return parts.joined(separator: ".")
    }

    func testEntriesAgreeWithTheModulesValueNotation() {
        let byName = Dictionary(OIDTable.entries.map { ($0.name, $0.oid) }) { first, _ in first }
        for (name, value) in Self.moduleText {
            XCTAssertEqual(byName[name], Self.resolve(value), name)
        }
        // Wireshark's long-standing typo: DHBasedMac is .30, not .3.
        XCTAssertNil(OIDTable.name("1.2.840.113533.7.66.3"))
    }

    /// Independent copies of the same facts in the libraries we build on.
    func testEntriesAgreeWithSwiftASN1AndSwiftCertificates() {
        let library: [(ASN1ObjectIdentifier, String)] = [
            (.NamedCurves.secp256r1, "prime256v1"), (.NamedCurves.secp384r1, "secp384r1"), (.NamedCurves.secp521r1, "secp521r1"),
            (.AlgorithmIdentifier.idEcPublicKey, "id-ecPublicKey"), (.AlgorithmIdentifier.rsaEncryption, "rsaEncryption"),
            (.AlgorithmIdentifier.sha256WithRSAEncryption, "sha256WithRSAEncryption"),
            (.AlgorithmIdentifier.sha384WithRSAEncryption, "sha384WithRSAEncryption"),
            (.AlgorithmIdentifier.sha512WithRSAEncryption, "sha512WithRSAEncryption"), (.AlgorithmIdentifier.rsaPSS, "id-RSASSA-PSS"),
            (.RDNAttributeType.commonName, "id-at-commonName"), (.RDNAttributeType.countryName, "id-at-countryName"),
            (.RDNAttributeType.organizationName, "id-at-organizationName"),
            (.RDNAttributeType.organizationalUnitName, "id-at-organizationalUnitName"),
            (.RDNAttributeType.localityName, "id-at-localityName"), (.RDNAttributeType.stateOrProvinceName, "id-at-stateOrProvinceName"),
            (.RDNAttributeType.streetAddress, "id-at-streetAddress"), (.RDNAttributeType.domainComponent, "id-domainComponent"),
            (.RDNAttributeType.emailAddress, "id-emailAddress"),
            (.X509ExtensionID.authorityKeyIdentifier, "id-ce-authorityKeyIdentifier"),
            (.X509ExtensionID.subjectKeyIdentifier, "id-ce-subjectKeyIdentifier"), (.X509ExtensionID.keyUsage, "id-ce-keyUsage"),
            (.X509ExtensionID.subjectAlternativeName, "id-ce-subjectAltName"),
            (.X509ExtensionID.basicConstraints, "id-ce-basicConstraints"), (.X509ExtensionID.nameConstraints, "id-ce-nameConstraints"),
            (.X509ExtensionID.extendedKeyUsage, "id-ce-extKeyUsage"),
            (.X509ExtensionID.authorityInformationAccess, "id-pe-authorityInfoAccess"),
        ]
        for (oid, name) in library {
            XCTAssertEqual(OIDTable.name(oid.description), name, oid.description)
        }
    }

    /// Every entry: well-formed, unique, at least 250, and under the arc its name family belongs to.
    func testEveryEntryIsWellFormedAndInItsArc() throws {
        XCTAssertGreaterThanOrEqual(OIDTable.entries.count, 250)
        XCTAssertEqual(Set(OIDTable.entries.map(\.oid)).count, OIDTable.entries.count, "duplicate OID")
        XCTAssertEqual(Set(OIDTable.entries.map(\.name)).count, OIDTable.entries.count, "duplicate name")
        let families: [(prefix: String, arc: String)] = [
            ("id-it-", "1.3.6.1.5.5.7.4."), ("id-regCtrl-", "1.3.6.1.5.5.7.5.1."), ("id-regInfo-", "1.3.6.1.5.5.7.5.2."),
            ("id-kp-", "1.3.6.1.5.5.7.3."), ("id-pe-", "1.3.6.1.5.5.7.1."), ("id-ad-", "1.3.6.1.5.5.7.48."),
            ("id-ce-", "2.5.29."), ("id-at-", "2.5.4."), ("id-mod-", "1.3.6.1.5.5.7.0."), ("id-on-", "1.3.6.1.5.5.7.8."),
            ("id-ml-dsa-", "2.16.840.1.101.3.4.3."), ("id-slh-dsa-", "2.16.840.1.101.3.4.3."), ("id-alg-ml-kem-", "2.16.840.1.101.3.4.4."),
            ("ecdsa-with-SHA", "1.2.840.10045.4."), ("hmacWithSHA", "1.2.840.113549.2."), ("id-hmacWithSHA3", "2.16.840.1.101.3.4.2."),
            ("sha3-", "2.16.840.1.101.3.4.2."), ("brainpool", "1.3.36.3.3.2.8.1.1."), ("dhSinglePass-", "1.3.132.1."),
            ("id-alg-hkdf", "1.2.840.113549.1.9.16.3."),
        ]
        for entry in OIDTable.entries {
            let arcs = entry.oid.split(separator: ".", omittingEmptySubsequences: false)
            XCTAssertTrue(arcs.count >= 2 && arcs.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }, entry.oid)
            XCTAssertTrue(["0", "1", "2"].contains(arcs.first ?? ""), entry.oid)
            // The encoder accepts it, and decoding gives the same text back.
            let oid = try ASN1ObjectIdentifier(dotRepresentation: entry.oid)
            XCTAssertEqual(oid.description, entry.oid)
            XCTAssertFalse(entry.source.isEmpty, entry.name)
            for family in families where entry.name.hasPrefix(family.prefix) {
                XCTAssertTrue(entry.oid.hasPrefix(family.arc), "\(entry.name) \(entry.oid) is not under \(family.arc)")
            }
        }
    }

    func testLabelsShowNameAndNumber() {
        XCTAssertEqual(OIDTable.label("1.3.6.1.5.5.7.4.13"), "id-it-implicitConfirm (1.3.6.1.5.5.7.4.13)")
        XCTAssertEqual(OIDTable.label("1.2.3.4"), "1.2.3.4")
    }
}
