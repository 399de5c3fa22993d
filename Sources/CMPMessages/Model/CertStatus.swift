import CMPCore
import SwiftASN1

/// ```
/// CertStatus ::= SEQUENCE {
///     certHash    OCTET STRING,
///     certReqId   INTEGER,
///     statusInfo  PKIStatusInfo OPTIONAL,
///     hashAlg [0] AlgorithmIdentifier{DIGEST-ALGORITHM, {...}} OPTIONAL }
/// CertConfirmContent ::= SEQUENCE OF CertStatus
/// ```
/// (RFC 9810 §5.3.18). hashAlg is new in RFC 9480 and requires pvno cmp2021(3).
public struct CertStatus: DERParseable, Hashable, Sendable {
    public var certHash: Located<ArraySlice<UInt8>>
    public var certReqId: Located<Int>
    public var statusInfo: PKIStatusInfo?
    public var hashAlg: AlgorithmIdentifier?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (certHash, certReqId, statusInfo, hashAlg) = try DER.sequence(node, identifier: .sequence) { nodes in
            let hashNode = try nodes.required("certHash")
            let hash = Located(try ASN1OctetString(derEncoded: hashNode).bytes, range: hashNode.byteRange)
            let idNode = try nodes.required("certReqId")
            let id = Located(try Int(derEncoded: idNode), range: idNode.byteRange)
            let info = try nodes.nextIf(.sequence).map { try PKIStatusInfo(derEncoded: $0) }
            let alg = try nodes.nextIfContext(0).map { try AlgorithmIdentifier(derEncoded: try $0.explicitChild()) }
            return (hash, id, info, alg)
        }
    }
}
