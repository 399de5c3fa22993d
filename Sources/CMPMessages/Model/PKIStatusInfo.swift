import CMPCore
import SwiftASN1

/// ```
/// PKIStatusInfo ::= SEQUENCE {
///     status        PKIStatus,
///     statusString  PKIFreeText     OPTIONAL,
///     failInfo      PKIFailureInfo  OPTIONAL }
/// PKIStatus ::= INTEGER { accepted (0), grantedWithMods (1), rejection (2), waiting (3),
///     revocationWarning (4), revocationNotification (5), keyUpdateWarning (6) }
/// ```
/// (RFC 9810 §5.2.3). PKIStatus is an INTEGER, not an ENUMERATED; unknown values are kept.
public struct PKIStatusInfo: DERParseable, Hashable, Sendable {
    public var status: Located<PKIStatus>
    public var statusString: PKIFreeText?
    public var failInfo: PKIFailureInfo?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (status, statusString, failInfo) = try DER.sequence(node, identifier: .sequence) { nodes in
            let statusNode = try nodes.required("status")
            let status = Located(PKIStatus(rawValue: try Int(derEncoded: statusNode)), range: statusNode.byteRange)
            let text = try nodes.nextIf(.sequence).map { try PKIFreeText(derEncoded: $0) }
            let failInfo = try nodes.nextIf(.bitString).map { try PKIFailureInfo(derEncoded: $0) }
            return (status, text, failInfo)
        }
    }
}
