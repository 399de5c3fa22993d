import CMPCore
import SwiftASN1

/// ```
/// ErrorMsgContent ::= SEQUENCE {
///     pKIStatusInfo          PKIStatusInfo,
///     errorCode              INTEGER           OPTIONAL,
///     errorDetails           PKIFreeText       OPTIONAL }
/// ```
/// (RFC 9810 §5.3.21). errorCode is implementation-specific.
public struct ErrorMsgContent: DERParseable, Hashable, Sendable {
    public var pKIStatusInfo: PKIStatusInfo
    public var errorCode: Located<Int>?
    public var errorDetails: PKIFreeText?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (pKIStatusInfo, errorCode, errorDetails) = try DER.sequence(node, identifier: .sequence) { nodes in
            let info = try PKIStatusInfo(derEncoded: try nodes.required("pKIStatusInfo"))
            let code = try nodes.nextIf(.integer).map { Located(try Int(derEncoded: $0), range: $0.byteRange) }
            let details = try nodes.next().map { try PKIFreeText(derEncoded: $0) }
            return (info, code, details)
        }
    }
}
