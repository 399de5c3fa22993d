import CMPCore
import SwiftASN1

/// ```
/// GeneralName ::= CHOICE { otherName [0], rfc822Name [1] IA5String, dNSName [2] IA5String,
///     x400Address [3], directoryName [4] Name, ediPartyName [5], uniformResourceIdentifier [6] IA5String,
///     iPAddress [7] OCTET STRING, registeredID [8] OBJECT IDENTIFIER }
/// ```
/// (RFC 5280 §4.2.1.6). Kept as the chosen alternative and its bytes; `text` gives the summary's
/// RFC 4514 / `kind:value` form. The NULL-DN `A4 02 30 00` (RFC 9810 §5.1.1) reads as "".
public struct GeneralName: DERParseable, Hashable, Sendable {
    /// The CHOICE alternative: the context tag number, 0…8.
    public var tag: Int
    public var encodedBytes: ArraySlice<UInt8>
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        guard node.identifier.tagClass == .contextSpecific, node.identifier.tagNumber <= 8 else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        tag = Int(node.identifier.tagNumber)
        encodedBytes = node.encodedBytes
        range = node.byteRange
    }

    /// The alternative's name (`directoryName`, `rfc822Name`, …).
    public var kind: String { GeneralNameText.kinds[tag] }

    /// RFC 4514 text for a directoryName (as `openssl -nameopt RFC2253` prints it), else `kind:value`.
    public var text: String { text(cache: nil) }

    /// `text`, remembered in `cache` when one is given (see `NameTextCache`).
    public func text(cache: NameTextCache?) -> String {
        guard let cache, ByteKey(encodedBytes).isSmall(ByteKey.maxCachedName) else { return uncachedText }
        return cache.generalNames.value(for: ByteKey(encodedBytes), stored: { ByteKey(encodedBytes).detached }, make: { uncachedText })
    }

    var uncachedText: String {
        let bytes = Array(encodedBytes)
        let scanner = TLVScanner(bytes: bytes, maxDepth: Limits().maxASN1Depth)
        guard let tlv = try? scanner.read(at: 0, limit: bytes.count, depth: 0),
              let text = GeneralNameText.text(of: tlv, in: bytes, scanner: scanner, depth: 0)
        else { return "\(kind):#" + ASN1Primitive.hex(bytes, 0..<bytes.count) }
        return text
    }
}
