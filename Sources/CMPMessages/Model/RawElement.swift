import CMPCore
import SwiftASN1

/// An element the typed model keeps as its encoding (an `ANY`, an open type, or a structure the
/// summary and the protection check do not need field by field): the identifier and the original bytes,
/// never re-serialized, so a signature or MAC can be checked over exactly what was sent.
public struct RawElement: DERParseable, Hashable, Sendable {
    public var identifier: ASN1Identifier
    /// A slice of the PKIMessage array: its indices are PKIMessage offsets.
    public var encodedBytes: ArraySlice<UInt8>
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        identifier = node.identifier
        encodedBytes = node.encodedBytes
        range = node.byteRange
    }
}
