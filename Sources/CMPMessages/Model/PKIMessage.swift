import CMPCore
import SwiftASN1

/// ```
/// PKIMessage ::= SEQUENCE {
///     header           PKIHeader,
///     body             PKIBody,
///     protection   [0] PKIProtection OPTIONAL,
///     extraCerts   [1] SEQUENCE SIZE (1..MAX) OF CMPCertificate OPTIONAL }
/// PKIProtection ::= BIT STRING
/// PKIMessages ::= SEQUENCE SIZE (1..MAX) OF PKIMessage
/// ```
/// (RFC 9810 §5.1), decoded with swift-asn1 (DER only: BER and damaged messages go to the tolerant
/// walk and the annotated tree). Every part keeps its `range` in PKIMessage coordinates, and
/// `encodedBytes` is the original DER, so protection is verified over
/// `ProtectedPart ::= SEQUENCE { header PKIHeader, body PKIBody }` built from
/// `header.range` and `body.range`, never over a re-serialization.
public struct PKIMessage: DERParseable, Hashable, Sendable {
    public var header: PKIHeader
    public var body: PKIBody
    /// The PKIProtection BIT STRING's octets (after the unused-bits count), with the BIT STRING's range.
    public var protection: Located<ArraySlice<UInt8>>?
    public var extraCerts: [CMPCertificate]?
    public var encodedBytes: ArraySlice<UInt8>
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        encodedBytes = node.encodedBytes
        range = node.byteRange
        (header, body, protection, extraCerts) = try DER.sequence(node, identifier: .sequence) { nodes in
            let header = try PKIHeader(derEncoded: try nodes.required("header"))
            let body = try PKIBody(derEncoded: try nodes.required("body"))
            let protection = try nodes.nextIfContext(0).map { tagged in
                let bits = try tagged.explicitChild()
                return Located(try ASN1BitString(derEncoded: bits).bytes, range: bits.byteRange)
            }
            let extraCerts = try nodes.nextIfContext(1).map { try derSequenceOf(try $0.explicitChild()) { try CMPCertificate(derEncoded: $0) } }
            return (header, body, protection, extraCerts)
        }
    }

    /// `ProtectedPart ::= SEQUENCE { header PKIHeader, body PKIBody }` (RFC 9810 §5.1.3): the DER the
    /// MAC or signature is computed over, from the original header and body bytes.
    public var protectedPart: [UInt8] {
        // encodedBytes' indices are PKIMessage offsets, so the parts' ranges index it directly.
        Self.protectedPart(header: encodedBytes[header.range.range], body: encodedBytes[body.range.range])
    }

    /// `ProtectedPart` from the header's and body's original encodings, wrapped by swift-asn1's DER
    /// serializer (which writes the SEQUENCE's length).
    public static func protectedPart(header: ArraySlice<UInt8>, body: ArraySlice<UInt8>) -> [UInt8] {
        var serializer = DER.Serializer()
        serializer.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(header)
            coder.serializeRawBytes(body)
        }
        return serializer.serializedBytes
    }

    /// Decodes `bytes` (whole PKIMessage, DER, nothing after it); offsets are indices of `bytes`.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws -> PKIMessage {
        try PKIMessage(derEncoded: try DER.parse(bytes))
    }
}
