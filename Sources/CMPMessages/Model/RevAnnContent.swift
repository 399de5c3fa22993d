import CMPCore
import SwiftASN1

/// ```
/// RevAnnContent ::= SEQUENCE {
///     status              PKIStatus,
///     certId              CertId,
///     willBeRevokedAt     GeneralizedTime,
///     badSinceDate        GeneralizedTime,
///     crlDetails          Extensions  OPTIONAL }
/// ```
/// (RFC 9810 §5.3.14): the rann body.
public struct RevAnnContent: DERParseable, Hashable, Sendable {
    public var status: Located<PKIStatus>
    public var certId: RawElement
    public var willBeRevokedAt: Located<String>
    public var badSinceDate: Located<String>
    public var crlDetails: RawElement?
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        (status, certId, willBeRevokedAt, badSinceDate, crlDetails) = try DER.sequence(node, identifier: .sequence) { nodes in
            let statusNode = try nodes.required("status")
            let status = Located(PKIStatus(rawValue: try Int(derEncoded: statusNode)), range: statusNode.byteRange)
            let certId = try RawElement(derEncoded: try nodes.required("certId"))
            let willBe = try Self.time(try nodes.required("willBeRevokedAt"))
            let badSince = try Self.time(try nodes.required("badSinceDate"))
            let details = try nodes.next().map { try RawElement(derEncoded: $0) }
            return (status, certId, willBe, badSince, details)
        }
    }

    private static func time(_ node: ASN1Node) throws -> Located<String> {
        _ = try GeneralizedTime(derEncoded: node)
        return Located(String(decoding: try node.primitiveBytes(), as: UTF8.self), range: node.byteRange)
    }
}
