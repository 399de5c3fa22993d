import CMPCore
import SwiftASN1

/// ```
/// RevRepContent ::= SEQUENCE {
///     status       SEQUENCE SIZE (1..MAX) OF PKIStatusInfo,
///     revCerts [0] SEQUENCE SIZE (1..MAX) OF CertId OPTIONAL,
///     crls     [1] SEQUENCE SIZE (1..MAX) OF CertificateList OPTIONAL }
/// ```
/// (RFC 9810 §5.3.10).
public struct RevRepContent: DERParseable, Hashable, Sendable {
    public var status: [PKIStatusInfo]
    public var revCerts: [RawElement]?
    public var crls: [RawElement]?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (status, revCerts, crls) = try DER.sequence(node, identifier: .sequence) { nodes in
            let status = try derSequenceOf(try nodes.required("status")) { try PKIStatusInfo(derEncoded: $0) }
            let revCerts = try nodes.nextIfContext(0).map { try derSequenceOf(try $0.explicitChild()) { try RawElement(derEncoded: $0) } }
            let crls = try nodes.nextIfContext(1).map { try derSequenceOf(try $0.explicitChild()) { try RawElement(derEncoded: $0) } }
            return (status, revCerts, crls)
        }
    }
}
