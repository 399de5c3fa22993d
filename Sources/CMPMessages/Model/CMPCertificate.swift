import CMPCore
import SwiftASN1

/// ```
/// CMPCertificate ::= CHOICE { x509v3PKCert Certificate, ... }
/// ```
/// (RFC 9810 §5.1). Kept as its original DER so that `X509.Certificate(derEncoded:)` can read it
/// and a signature can be checked over the exact bytes; the annotated tree shows its fields.
public struct CMPCertificate: DERParseable, Hashable, Sendable {
    public var encodedBytes: ArraySlice<UInt8>
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        guard node.identifier == .sequence else { throw ASN1Error.unexpectedFieldType(node.identifier) }
        encodedBytes = node.encodedBytes
        range = node.byteRange
    }
}
