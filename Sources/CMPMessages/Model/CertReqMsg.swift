import CMPCore
import SwiftASN1

/// ```
/// CertReqMsg ::= SEQUENCE {
///     certReq   CertRequest,
///     popo      ProofOfPossession  OPTIONAL,
///     regInfo   SEQUENCE SIZE(1..MAX) OF AttributeTypeAndValue OPTIONAL }
/// CertReqMessages ::= SEQUENCE SIZE (1..MAX) OF CertReqMsg
/// ```
/// (RFC 4211 §3). `popo` is the raw CHOICE (`80 00` raVerified, `A1` signature, `A2`/`A3` POPOPrivKey).
public struct CertReqMsg: DERParseable, Hashable, Sendable {
    public var certReq: CertRequest
    public var popo: RawElement?
    public var regInfo: [AttributeTypeAndValue]?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (certReq, popo, regInfo) = try DER.sequence(node, identifier: .sequence) { nodes in
            let request = try CertRequest(derEncoded: try nodes.required("certReq"))
            var popo: RawElement?
            if let next = nodes.nextIfNot(.sequence) { popo = try RawElement(derEncoded: next) }
            let regInfo = try nodes.next().map { try derSequenceOf($0) { try AttributeTypeAndValue(derEncoded: $0) } }
            return (request, popo, regInfo)
        }
    }
}

extension ASN1NodeCollection.Iterator {
    /// The next node unless it has `identifier` (telling a tagged CHOICE from the SEQUENCE after it).
    mutating func nextIfNot(_ identifier: ASN1Identifier) -> ASN1Node? {
        var copy = self
        guard let node = copy.next(), node.identifier != identifier else { return nil }
        self = copy
        return node
    }
}
