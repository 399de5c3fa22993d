import CMPCore
import SwiftASN1

/// ```
/// CertRequest ::= SEQUENCE {
///     certReqId     INTEGER,
///     certTemplate  CertTemplate,
///     controls      Controls OPTIONAL }
/// Controls ::= SEQUENCE SIZE(1..MAX) OF AttributeTypeAndValue
/// ```
/// (RFC 4211 §5, IMPLICIT tags). The template is kept raw (its fields are shown by the tree);
/// `encodedBytes` is what a POPOSigningKey signs when poposkInput is absent (RFC 4211 §4.1).
public struct CertRequest: DERParseable, Hashable, Sendable {
    public var certReqId: Located<Int>
    public var certTemplate: RawElement
    public var controls: [AttributeTypeAndValue]?
    public var encodedBytes: ArraySlice<UInt8>
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        encodedBytes = node.encodedBytes
        range = node.byteRange
        (certReqId, certTemplate, controls) = try DER.sequence(node, identifier: .sequence) { nodes in
            let idNode = try nodes.required("certReqId")
            let id = Located(try Int(derEncoded: idNode), range: idNode.byteRange)
            let template = try nodes.required("certTemplate")
            guard template.identifier == .sequence else { throw ASN1Error.unexpectedFieldType(template.identifier) }
            let controls = try nodes.next().map { try derSequenceOf($0) { try AttributeTypeAndValue(derEncoded: $0) } }
            return (id, try RawElement(derEncoded: template), controls)
        }
    }
}
