import CMPCore
@testable import CMPDissector
import Foundation
import XCTest

/// swift-certificates' second reading of certificates and PKCS#10 requests in the tree
/// (`swift-certificates: …` nodes), over the fixture messages and hand-built variants.
final class InteropTreeTests: XCTestCase {
    let builder = MessageTreeBuilder()

    static let interop = TreeWalker.interopName

    /// A real P-384 SubjectPublicKeyInfo (swift-certificates checks the point), from a fixture.
    func realKey() throws -> [UInt8] {
        let der = try InteropFixtures.analysis("sig-p384")
        let key = try XCTUnwrap(builder.build(der).root.named("subjectPublicKeyInfo").first)
        return Array(der[key.range.range])
    }

    static func extensionField(_ oid: String, critical: Bool = false, _ value: [UInt8]) -> [UInt8] {
        B.seq(B.oid(oid), critical ? [0x01, 0x01, 0xFF] : [], B.octets(value))
    }

    static func validity() -> [UInt8] {
        B.seq(B.tlv(0x17, Array("260101000000Z".utf8)), B.tlv(0x17, Array("270101000000Z".utf8)))
    }

    /// A v3 certificate around `key`; the ECDSA signature is well-formed (swift-certificates parses
    /// it) but not checked by either reader.
    static func certificate(key: [UInt8], extensions: [[UInt8]]?, serial: [UInt8] = B.int(7)) -> [UInt8] {
        B.seq(B.seq(B.ctx(0, B.int(2)), serial, B.alg("1.2.840.10045.4.3.3"), B.name("CA"), validity(), B.name("leaf"),
                    key, extensions.map { B.ctx(3, B.seq($0.flatMap { $0 })) } ?? []),
              B.alg("1.2.840.10045.4.3.3"), B.bits(B.seq(B.int(1), B.int(1))))
    }

    struct Case {
        var name: String
        var certificate: [UInt8]
        /// The certificate's `swift-certificates` node, if any.
        var rejected: String?
        /// Each extension's `swift-certificates` node, in order, for those that have one.
        var rejectedExtensions: [String] = []
        var basicConstraints: String?
        var findings: [FindingCode] = []
    }

    func cases() throws -> [Case] {
        let key = try realKey()
        let keyUsage = Self.extensionField("2.5.29.15", critical: true, B.bits([0x80], unused: 7))
        let nameConstraints = B.seq(B.ctx(0, B.seq(B.prim(2, Array("example.com".utf8)))),
                                    B.ctx(1, B.seq(B.prim(2, Array("bad.example.com".utf8)))))
        return [
            Case(name: "accepted, CA=FALSE by DEFAULT", certificate: Self.certificate(key: key, extensions: [
                Self.extensionField("2.5.29.19", B.seq()), keyUsage,
                Self.extensionField("2.5.29.30", critical: true, nameConstraints),
            ]), basicConstraints: "CA=FALSE"),
            Case(name: "accepted, CA with path length", certificate: Self.certificate(key: key, extensions: [
                Self.extensionField("2.5.29.19", critical: true, B.seq([0x01, 0x01, 0xFF], B.int(0))),
            ]), basicConstraints: "CA=TRUE, maxPathLength=0"),
            Case(name: "v3 without extensions", certificate: Self.certificate(key: key, extensions: nil)),
            // The walker shows these; swift-certificates does not take them.
            Case(name: "point not on a curve", certificate: B.certificate("leaf"),
                 rejected: "rejected: CryptoKitError.incorrectParameterSize"),
            Case(name: "unsupported key algorithm", certificate: Self.certificate(
                key: B.seq(B.alg("1.3.101.113"), B.bits(Array(repeating: 1, count: 57))), extensions: nil),
                 rejected: "rejected: CertificateError.unsupportedPublicKeyAlgorithm: AlgorithmIdentifier(1.3.101.113 - nil)"),
            Case(name: "duplicate extension", certificate: Self.certificate(key: key, extensions: [keyUsage, keyUsage]),
                 rejected: "rejected: CertificateError.duplicateOID: duplicate extension for OID 2.5.29.15. First extension "
                     + "KeyUsage(digitalSignature) at 0 and second extension KeyUsage(digitalSignature) at 1"),
            Case(name: "BER length", certificate: Self.certificate(key: key, extensions: nil, serial: [0x02, 0x81, 0x01, 0x07]),
                 rejected: "rejected: ASN1Error.unsupportedFieldLength: Field length encoded in long form, but DER requires 1 to be encoded in short form",
                 findings: [.asn1BERNonMinimalLength]),
            // The certificate is taken, one extension's value is not.
            Case(name: "keyUsage of 17 bits", certificate: Self.certificate(key: key, extensions: [
                Self.extensionField("2.5.29.15", B.bits([0x80, 0x80, 0x80])),
            ]), rejectedExtensions: ["rejected this extension: ASN1Error.invalidASN1Object: Too many bits for Key Usage"]),
            Case(name: "keyUsage with a padding bit set", certificate: Self.certificate(key: key, extensions: [
                Self.extensionField("2.5.29.15", B.bits([0x81], unused: 1)),
            ]), rejectedExtensions: ["rejected this extension: ASN1Error.invalidASN1Object: Invalid padding bits in ASN1BitString: 1 of padding, 129 final byte"]),
            Case(name: "cA FALSE written out", certificate: Self.certificate(key: key, extensions: [
                Self.extensionField("2.5.29.19", B.seq([0x01, 0x01, 0x00])),
            ]), rejectedExtensions: ["rejected this extension: ASN1Error.invalidASN1Object: DEFAULT for Bool with identifier "
                                     + "ASN1Identifier(tagNumber: 1, tagClass: universal) present in DER but encoded at default value false"]),
            Case(name: "authorityKeyIdentifier with two keyIdentifiers", certificate: Self.certificate(key: key, extensions: [
                Self.extensionField("2.5.29.35", B.seq(B.prim(0, [1]), B.prim(0, [2]))),
            ]), rejectedExtensions: ["rejected this extension: ASN1Error.invalidASN1Object: Unconsumed sequence nodes"]),
            Case(name: "nameConstraints with minimum written out", certificate: Self.certificate(key: key, extensions: [
                Self.extensionField("2.5.29.30", B.seq(B.ctx(0, B.seq(B.prim(2, Array("example.com".utf8)), B.prim(0, [0]))))),
            ]), rejectedExtensions: ["rejected this extension: ASN1Error.invalidASN1Object: Unconsumed sequence nodes"]),
        ]
    }

    func testHandBuiltCertificates() throws {
        for item in try cases() {
            let built = builder.build(B.seq(B.header(), B.ctx(19, B.null), B.ctx(1, B.seq(item.certificate))))
            XCTAssertNil(built.error, item.name)
            XCTAssertEqual(built.findings.map(\.code), item.findings, item.name)
            let node = try XCTUnwrap(built.root.find("extraCerts", "CMPCertificate"), item.name)
            XCTAssertEqual(node.value, "CN=leaf", item.name)
            let notes = node.children.filter { $0.name == Self.interop }
            XCTAssertEqual(notes.map(\.value), item.rejected.map { [$0] } ?? [], item.name)
            // Over the certificate's own bytes, after the walker's fields.
            XCTAssertEqual(notes.map(\.range), item.rejected == nil ? [] : [node.range], item.name)
            XCTAssertEqual(node.children.last?.name, item.rejected == nil ? "signatureValue" : Self.interop, item.name)
            let extensions = node.named("Extension")
            let extensionNotes = extensions.flatMap { ext in ext.children.filter { $0.name == Self.interop }.map { (ext, $0) } }
            XCTAssertEqual(extensionNotes.map(\.1.value), item.rejectedExtensions, item.name)
            for (ext, note) in extensionNotes { XCTAssertEqual(note.range, ext.range, item.name) }
            XCTAssertEqual(node.named("basicConstraints").first?.value, item.basicConstraints, item.name)
        }
    }

    /// The walker shows nameConstraints with a range per subtree; swift-certificates takes it.
    func testNameConstraintsAreWalked() throws {
        let certificate = try XCTUnwrap(cases().first).certificate
        let root = builder.build(B.seq(B.header(), B.ctx(19, B.null), B.ctx(1, B.seq(certificate)))).root
        let value = try XCTUnwrap(root.named("nameConstraints").first)
        XCTAssertEqual(value.find("permittedSubtrees", "GeneralSubtree")?.value, "dNSName:example.com")
        XCTAssertEqual(value.find("excludedSubtrees", "GeneralSubtree")?.value, "dNSName:bad.example.com")
        XCTAssertFalse(value.all.contains { $0.name == Self.interop })
    }

    /// A certificate the walker finds damaged is not handed on: its stop error says enough.
    func testDamagedCertificateIsNotConsulted() throws {
        var certificate = B.certificate("cut")
        certificate.removeLast(3)
        certificate[1] = UInt8(certificate.count - 2)
        let built = builder.build(B.seq(B.header(), B.ctx(19, B.null), B.ctx(1, B.seq(certificate))))
        XCTAssertNotNil(built.error)
        XCTAssertFalse(built.root.all.contains { $0.name == Self.interop })
    }

    /// At most `maxInteropChecks` elements per message are read twice; one node says where it stopped.
    func testInteropChecksAreBounded() throws {
        let count = TreeWalker.maxInteropChecks + 20
        let certificates = (0..<count).flatMap { _ in B.certificate("fake") }
        let built = builder.build(B.seq(B.header(), B.ctx(19, B.null), B.ctx(1, B.seq(certificates))))
        let notes = built.root.named(Self.interop)
        XCTAssertEqual(notes.count, TreeWalker.maxInteropChecks + 1)
        XCTAssertEqual(notes.last?.value, "not consulted after \(TreeWalker.maxInteropChecks) elements in one message")
    }

    /// p10cr: the PKCS#10 request is read by swift-certificates too, its extensionRequest checked.
    func testCertificationRequests() throws {
        let key = try realKey()
        func request(_ key: [UInt8], _ extensions: [[UInt8]]) -> [UInt8] {
            let attribute = B.seq(B.oid("1.2.840.113549.1.9.14"), B.set(B.seq(extensions.flatMap { $0 })))
            return B.seq(B.seq(B.int(0), B.name("leaf"), key, B.ctx(0, attribute)),
                         B.alg("1.2.840.10045.4.3.3"), B.bits(B.seq(B.int(1), B.int(1))))
        }
        func node(_ request: [UInt8]) throws -> DissectionNode {
            let built = builder.build(B.message(body: 4, request))
            XCTAssertNil(built.error)
            return try XCTUnwrap(built.root.find("body", "p10cr"))
        }
        let good = try node(request(key, [Self.extensionField("2.5.29.19", B.seq())]))
        XCTAssertFalse(good.all.contains { $0.name == Self.interop }, good.dump)
        XCTAssertEqual(good.named("basicConstraints").first?.value, "CA=FALSE")

        let badUsage = try node(request(key, [Self.extensionField("2.5.29.15", B.bits([0x80, 0x80, 0x80]))]))
        let extensionNote = try XCTUnwrap(badUsage.named("Extension").first?.children.last)
        XCTAssertEqual(extensionNote.value, "rejected this extension: ASN1Error.invalidASN1Object: Too many bits for Key Usage")

        let fake = try node(request(B.seq(B.alg("1.2.840.10045.2.1", B.oid("1.2.840.10045.3.1.7")), B.bits([0x04, 0x01, 0x02])), []))
        XCTAssertEqual(fake.children.last?.name, Self.interop)
        XCTAssertEqual(fake.children.last?.value, "rejected: CryptoKitError.incorrectParameterSize")
        // Over the request's own bytes, inside the body's explicit [4].
        XCTAssertEqual(fake.children.last?.range, ByteRange(lowerBound: fake.range.lowerBound + 2, upperBound: fake.range.upperBound))
    }

    /// Every certificate and request in the fixtures (OpenSSL's and our generator's) is taken by
    /// swift-certificates: no `swift-certificates` node anywhere, the DEFAULTs of basicConstraints shown.
    func testFixturesAreAccepted() throws {
        var certificates = 0
        var constraints = Set<String>()
        for (name, der) in try InteropFixtures.all() {
            let root = builder.build(der).root
            XCTAssertEqual(root.named(Self.interop).map(\.value), [], name)
            certificates += root.all.count { $0.value?.hasPrefix("CN=") == true && $0.find("tbsCertificate") != nil }
            for value in root.named("basicConstraints").compactMap(\.value) { constraints.insert(value) }
        }
        XCTAssertGreaterThan(certificates, 10)
        XCTAssertEqual(constraints, ["CA=FALSE", "CA=TRUE"])
    }

    func testReasonDropsTheSourceLocation() {
        struct Located: Error, CustomStringConvertible { var description: String { "Located.code: why /x/Certificate.swift:396" } }
        enum Plain: Error { case incorrectParameterSize }
        XCTAssertEqual(TreeWalker.reason(Located()), "Located.code: why")
        XCTAssertEqual(TreeWalker.reason(Plain.incorrectParameterSize), "Plain.incorrectParameterSize")
    }
}

enum InteropFixtures {
    static func analysis(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TreeFixtures.root.appendingPathComponent("analysis").appendingPathComponent("\(name).der")))
    }

    /// Every DER message fixture: `Fixtures/messages` and `Fixtures/analysis`.
    static func all() throws -> [(String, [UInt8])] {
        try ["messages", "analysis"].flatMap { folder in
            let url = TreeFixtures.root.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".der") }.sorted().map {
                ("\(folder)/\($0)", Array(try Data(contentsOf: url.appendingPathComponent($0))))
            }
        }
    }
}
