import CMPCore
import CMPMessages
import SwiftASN1
import X509

/// A second reading of certificates and PKCS#10 requests by apple/swift-certificates (module `X509`),
/// the library CMP clients built in Swift parse them with.
///
/// The walker stays the source of every node and range; swift-certificates only adds what it says
/// beyond that: that it rejects an element the walker could walk (BER, an undecodable key, an
/// unsupported key algorithm, a duplicated extension: interop facts a PKI engineer wants to see),
/// that it rejects one extension's value, and the DEFAULT a basicConstraints leaves unwritten.
/// Its results hang under the element as `swift-certificates: …` nodes over the element's bytes; no
/// finding code is raised (the catalogue has none for it). CRLs are walked only: swift-certificates
/// has no CRL type.
extension TreeWalker {
    static let interopName = "swift-certificates"
    static let certificateType: SchemaName = "Certificate"
    static let requestType: SchemaName = "CertificationRequest"

    /// Elements a tree has swift-certificates parse: each is a second parse of its bytes, so a
    /// message of thousands of small certificates would double the tree's cost for little.
    static let maxInteropChecks = 256

    /// After the walker decoded `tlv` as the named type: swift-certificates' reading, when it has one
    /// for that type and the walker walked the element without damage.
    mutating func interop(_ node: inout DissectionNode, _ tlv: TLV, type: SchemaName, findingsBefore: Int) {
        // SchemaName compares its hash first: most named types are neither, and say so at once.
        guard type == Self.certificateType || type == Self.requestType, tlv.isComplete,
              !findings[findingsBefore...].contains(where: { $0.code == .asn1Malformed || $0.code == .treeLimit })
        else { return }
        interopChecks += 1
        let range = tlv.range
        guard interopChecks <= Self.maxInteropChecks else {
            if interopChecks == Self.maxInteropChecks + 1 {
                node.children.append(DissectionNode(Self.interopName, value: "not consulted after \(Self.maxInteropChecks) elements in one message",
                                                    range: range))
            }
            return
        }
        let der = bytes[tlv.range.range]
        do {
            if type == Self.certificateType {
                let read = { Result { try Certificate(derEncoded: der) }.mapError { Rejection(reason: Self.reason($0)) } }
                let certificate = try (ByteKey(der).isSmall(ByteKey.maxCachedCertificate)
                    ? caches.certificates.value(for: ByteKey(der), stored: { ByteKey(der).detached }, make: read)
                    : read()).get()
                guard let tbs = node.children.firstIndex(where: { $0.name == "tbsCertificate" }),
                      let list = node.children[tbs].children.firstIndex(where: { $0.name == "extensions" })
                else { return }
                Self.interop(&node.children[tbs].children[list], certificate.extensions)
            } else {
                let request = try CertificateSigningRequest(derEncoded: der)
                guard let info = node.children.firstIndex(where: { $0.name == "certificationRequestInfo" }) else { return }
                do {
                    guard let extensions = try request.attributes.extensionRequest?.extensions else { return }
                    Self.withExtensionList(&node.children[info]) { Self.interop(&$0, extensions) }
                } catch {
                    Self.withExtensionList(&node.children[info]) { list in
                        list.children.append(DissectionNode(Self.interopName, value: "rejected the extensionRequest: " + Self.reason(error),
                                                            range: list.range))
                    }
                }
            }
        } catch {
            node.children.append(DissectionNode(Self.interopName, value: "rejected: " + Self.reason(error), range: range))
        }
    }

    /// A rejection, kept as the reason the tree shows.
    struct Rejection: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Each walker `Extension` node beside the extension swift-certificates read (matched by extnID):
    /// its typed value checked for the extensions it has types for.
    static func interop(_ list: inout DissectionNode, _ extensions: Certificate.Extensions) {
        var used = Set<Int>()
        for item in extensions {
            let label = OIDTable.label(item.oid.description)
            guard let index = list.children.indices.first(where: {
                !used.contains($0) && list.children[$0].name == "Extension" && list.children[$0].find("extnID")?.value == label
            }) else { continue }
            used.insert(index)
            interop(&list.children[index], item)
        }
    }

    static func interop(_ node: inout DissectionNode, _ item: Certificate.Extension) {
        do {
            switch item.oid {
            case .X509ExtensionID.basicConstraints:
                let constraints = try BasicConstraints(item)
                // `cA BOOLEAN DEFAULT FALSE` is absent when false (DER): the walker's node has nothing to show.
                if let value = node.children.firstIndex(where: { $0.name == "extnValue" }),
                   let inner = node.children[value].children.firstIndex(where: { $0.name == "basicConstraints" }),
                   node.children[value].children[inner].value == nil {
                    node.children[value].children[inner].value = constraints.description
                }
            case .X509ExtensionID.keyUsage: _ = try KeyUsage(item)
            case .X509ExtensionID.extendedKeyUsage: _ = try ExtendedKeyUsage(item)
            case .X509ExtensionID.subjectAlternativeName: _ = try SubjectAlternativeNames(item)
            case .X509ExtensionID.subjectKeyIdentifier: _ = try SubjectKeyIdentifier(item)
            case .X509ExtensionID.authorityKeyIdentifier: _ = try AuthorityKeyIdentifier(item)
            case .X509ExtensionID.authorityInformationAccess: _ = try AuthorityInformationAccess(item)
            case .X509ExtensionID.nameConstraints: _ = try NameConstraints(item)
            default: break
            }
        } catch {
            node.children.append(DissectionNode(interopName, value: "rejected this extension: " + reason(error), range: node.range))
        }
    }

    /// The first node below `node` whose children are `Extension`s (a PKCS#10 extensionRequest's value).
    static func withExtensionList(_ node: inout DissectionNode, _ body: (inout DissectionNode) -> Void) {
        if node.children.contains(where: { $0.name == "Extension" }) {
            body(&node)
            return
        }
        for index in node.children.indices {
            var found = false
            withExtensionList(&node.children[index]) { list in
                found = true
                body(&list)
            }
            if found { return }
        }
    }

    /// The error as swift-asn1 and swift-certificates describe it, without the source file and line
    /// they end it with (`… Certificate.swift:396`): those would change with every library release.
    /// Errors that describe themselves by case alone (swift-crypto's `incorrectParameterSize` for a
    /// point that is not on the curve) get their type's name in front.
    static func reason(_ error: any Error) -> String {
        if let rejection = error as? Rejection { return rejection.reason }
        var text = String(describing: error)
        let type = String(describing: Swift.type(of: error))
        if !text.hasPrefix(type + ".") { text = type + "." + text }
        guard let space = text.lastIndex(of: " "), text[text.index(after: space)...].contains(".swift:") else { return text }
        return String(text[..<space])
    }
}

/// What a `MessageTreeBuilder` remembers from message to message, because a capture repeats it in
/// every message: the texts of names, and swift-certificates' reading of each certificate (the
/// same extraCerts come with every message of a client, and a second parse costs about as much as
/// the walker's whole tree). Bounded; owned by the builder.
final class TreeCaches: Sendable {
    let names = NameTextCache()
    let certificates = BoundedCache<ByteKey, Result<Certificate, TreeWalker.Rejection>>(capacity: 256)
}
