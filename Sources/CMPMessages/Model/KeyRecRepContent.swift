import CMPCore
import SwiftASN1

/// ```
/// KeyRecRepContent ::= SEQUENCE {
///     status                  PKIStatusInfo,
///     newSigCert          [0] CMPCertificate OPTIONAL,
///     caCerts             [1] SEQUENCE SIZE (1..MAX) OF CMPCertificate OPTIONAL,
///     keyPairHist         [2] SEQUENCE SIZE (1..MAX) OF CertifiedKeyPair OPTIONAL }
/// ```
/// (RFC 9810 §5.3.8).
public struct KeyRecRepContent: DERParseable, Hashable, Sendable {
    public var status: PKIStatusInfo
    public var newSigCert: CMPCertificate?
    public var caCerts: [CMPCertificate]?
    public var keyPairHist: [RawElement]?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (status, newSigCert, caCerts, keyPairHist) = try DER.sequence(node, identifier: .sequence) { nodes in
            let status = try PKIStatusInfo(derEncoded: try nodes.required("status"))
            let cert = try nodes.nextIfContext(0).map { try CMPCertificate(derEncoded: try $0.explicitChild()) }
            let caCerts = try nodes.nextIfContext(1).map { try derSequenceOf(try $0.explicitChild()) { try CMPCertificate(derEncoded: $0) } }
            let history = try nodes.nextIfContext(2).map { try derSequenceOf(try $0.explicitChild()) { try RawElement(derEncoded: $0) } }
            return (status, cert, caCerts, history)
        }
    }
}
