import CMPCore
import SwiftASN1

/// ```
/// InfoTypeAndValue ::= SEQUENCE {
///     infoType    CMP-INFO-TYPE.&id({SupportedInfoSet}),
///     infoValue   CMP-INFO-TYPE.&Type({SupportedInfoSet}{@infoType}) OPTIONAL }
/// ```
/// (RFC 9810 §5.3.19; 1988 syntax `infoType OBJECT IDENTIFIER, infoValue ANY DEFINED BY infoType
/// OPTIONAL`). Used in header generalInfo and in genm/genp. The value stays raw: id-it 1–24 and vendor
/// types each have their own syntax, decoded by the annotated tree.
public struct InfoTypeAndValue: DERParseable, Hashable, Sendable {
    public var infoType: ASN1ObjectIdentifier
    public var infoValue: RawElement?
    public var range: ByteRange
    /// The infoType OID's content octets, for its dotted text.
    var infoTypeContent: ArraySlice<UInt8>

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (infoType, infoTypeContent, infoValue) = try DER.sequence(node, identifier: .sequence) { nodes in
            let oid = try nodes.required("infoType")
            let type = try ASN1ObjectIdentifier(derEncoded: oid)
            return (type, try oid.primitiveBytes(), try nodes.next().map { try RawElement(derEncoded: $0) })
        }
    }

    /// Dotted text of `infoType`.
    public var dottedType: String { ASN1Primitive.dottedOID(infoTypeContent) ?? infoType.description }

    /// `dottedType`, remembered in `cache` when one is given.
    func dottedType(cache: OIDTextCache?) -> String {
        cache?.text(content: infoTypeContent) { dottedType } ?? dottedType
    }
}
