import CMPCore
import SwiftASN1

/// ```
/// CertReqMessages ::= SEQUENCE SIZE (1..MAX) OF CertReqMsg
/// ```
/// (RFC 4211 §3): the content of ir, cr, kur, krr and ccr.
public struct CertReqMessages: DERParseable, Hashable, Sendable {
    public var requests: [CertReqMsg]
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        requests = try derSequenceOf(node) { try CertReqMsg(derEncoded: $0) }
    }
}
