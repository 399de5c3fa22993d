import CMPCore
import SwiftASN1

/// ```
/// CertResponse ::= SEQUENCE {
///     certReqId           INTEGER,
///     status              PKIStatusInfo,
///     certifiedKeyPair    CertifiedKeyPair    OPTIONAL,
///     rspInfo             OCTET STRING        OPTIONAL }
/// ```
/// (RFC 9810 §5.3.4). certReqId −1 answers a p10cr. The CertifiedKeyPair stays raw (certificate or
/// EncryptedKey, privateKey, publicationInfo: shown by the tree).
public struct CertResponse: DERParseable, Hashable, Sendable {
    public var certReqId: Located<Int>
    public var status: PKIStatusInfo
    public var certifiedKeyPair: RawElement?
    public var rspInfo: Located<ArraySlice<UInt8>>?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (certReqId, status, certifiedKeyPair, rspInfo) = try DER.sequence(node, identifier: .sequence) { nodes in
            let idNode = try nodes.required("certReqId")
            let id = Located(try Int(derEncoded: idNode), range: idNode.byteRange)
            let status = try PKIStatusInfo(derEncoded: try nodes.required("status"))
            let pair = try nodes.nextIf(.sequence).map { try RawElement(derEncoded: $0) }
            let info = try nodes.next().map { Located(try ASN1OctetString(derEncoded: $0).bytes, range: $0.byteRange) }
            return (id, status, pair, info)
        }
    }
}
