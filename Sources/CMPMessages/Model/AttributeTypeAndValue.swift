import CMPCore
import SwiftASN1

/// ```
/// AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY DEFINED BY type }
/// ```
/// (RFC 4211 §6 and App. B): CRMF controls (id-regCtrl-*) and regInfo (id-regInfo-*).
public struct AttributeTypeAndValue: DERParseable, Hashable, Sendable {
    public var type: ASN1ObjectIdentifier
    public var value: RawElement
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (type, value) = try DER.sequence(node, identifier: .sequence) { nodes in
            (try ASN1ObjectIdentifier(derEncoded: try nodes.required("type")), try RawElement(derEncoded: try nodes.required("value")))
        }
    }
}
