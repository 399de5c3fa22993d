import CMPCore
import SwiftASN1

/// ```
/// AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY DEFINED BY algorithm OPTIONAL }
/// ```
/// (RFC 5280 §4.1.1.2). Parameters stay raw: their type depends on the algorithm (PBMParameter,
/// PBMAC1-params, KemBMParameter, …) and the protection check decodes the ones it needs.
public struct AlgorithmIdentifier: DERParseable, Hashable, Sendable {
    public var algorithm: ASN1ObjectIdentifier
    public var parameters: RawElement?
    public var range: ByteRange
    /// The algorithm OID's content octets, for its dotted text.
    var algorithmContent: ArraySlice<UInt8>

    public init(derEncoded node: ASN1Node) throws {
        try self.init(node, identifier: .sequence)
    }

    /// CRMF's IMPLICIT tags put an AlgorithmIdentifier under a context tag (`CertTemplate.signingAlg [2]`).
    init(_ node: ASN1Node, identifier: ASN1Identifier) throws {
        range = node.byteRange
        (algorithm, algorithmContent, parameters) = try DER.sequence(node, identifier: identifier) { nodes in
            let oid = try nodes.required("algorithm")
            let algorithm = try ASN1ObjectIdentifier(derEncoded: oid)
            let parameters = try nodes.next().map { try RawElement(derEncoded: $0) }
            return (algorithm, try oid.primitiveBytes(), parameters)
        }
    }

    /// Dotted text of `algorithm`.
    public var dotted: String { ASN1Primitive.dottedOID(algorithmContent) ?? algorithm.description }

    /// `dotted`, remembered in `cache` when one is given.
    func dotted(cache: OIDTextCache?) -> String {
        cache?.text(content: algorithmContent) { dotted } ?? dotted
    }
}
