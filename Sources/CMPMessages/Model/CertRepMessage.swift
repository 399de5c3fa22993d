import CMPCore
import SwiftASN1

/// ```
/// CertRepMessage ::= SEQUENCE {
///     caPubs   [1] SEQUENCE SIZE (1..MAX) OF CMPCertificate OPTIONAL,
///     response     SEQUENCE OF CertResponse }
/// ```
/// (RFC 9810 §5.3.4): the content of ip, cp, kup and ccp.
public struct CertRepMessage: DERParseable, Hashable, Sendable {
    public var caPubs: [CMPCertificate]?
    public var response: [CertResponse]
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (caPubs, response) = try DER.sequence(node, identifier: .sequence) { nodes in
            let caPubs = try nodes.nextIfContext(1).map { try derSequenceOf(try $0.explicitChild()) { try CMPCertificate(derEncoded: $0) } }
            let response = try derSequenceOf(try nodes.required("response")) { try CertResponse(derEncoded: $0) }
            return (caPubs, response)
        }
    }
}
