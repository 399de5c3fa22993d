import CMPCore
import SwiftASN1

/// One element of
/// ```
/// PollRepContent ::= SEQUENCE OF SEQUENCE {
///     certReqId    INTEGER,
///     checkAfter   INTEGER,  -- time in seconds
///     reason       PKIFreeText OPTIONAL }
/// ```
/// (RFC 9810 §5.3.22). The EE waits at least checkAfter seconds before its next pollReq.
public struct PollRepEntry: DERParseable, Hashable, Sendable {
    public var certReqId: Located<Int>
    public var checkAfter: Located<Int>
    public var reason: PKIFreeText?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (certReqId, checkAfter, reason) = try DER.sequence(node, identifier: .sequence) { nodes in
            let idNode = try nodes.required("certReqId")
            let afterNode = try nodes.required("checkAfter")
            return (Located(try Int(derEncoded: idNode), range: idNode.byteRange),
                    Located(try Int(derEncoded: afterNode), range: afterNode.byteRange),
                    try nodes.next().map { try PKIFreeText(derEncoded: $0) })
        }
    }
}
