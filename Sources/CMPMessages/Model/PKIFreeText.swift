import CMPCore
import SwiftASN1

/// ```
/// PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String
///     -- text encoded as UTF-8 String [RFC3629]
/// ```
/// (RFC 9810 §5.1.1). The first string's language is the one a reply should use (RFC 5646 tags in
/// suppLangTags); the strings are kept in order.
public struct PKIFreeText: DERParseable, Hashable, Sendable {
    public var strings: [Located<String>]
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        range = node.byteRange
        strings = try derSequenceOf(node) { child in
            let text = try ASN1UTF8String(derEncoded: child)
            return Located(String(decoding: text.bytes, as: UTF8.self), range: child.byteRange)
        }
    }
}
