/// The text a summary shows for a `GeneralName` (RFC 5280 §4.2.1.6):
///
/// ```
/// GeneralName ::= CHOICE { otherName [0], rfc822Name [1] IA5String, dNSName [2] IA5String,
///     x400Address [3], directoryName [4] Name, ediPartyName [5], uniformResourceIdentifier [6] IA5String,
///     iPAddress [7] OCTET STRING, registeredID [8] OBJECT IDENTIFIER }
/// ```
///
/// A directoryName becomes RFC 4514 text (`DirectoryNameText`), most specific RDN first as
/// `openssl x509 -nameopt RFC2253` prints it (`CN=client,O=Example`); the NULL-DN (`A4 02 30 00`,
/// RFC 9810 §5.1.1) is the empty string. Every other alternative is
/// `kind:value`. In CMP the directoryName tag is EXPLICIT (the CHOICE forces it): `A4 len 30 len …`.
public enum GeneralNameText {
    public static let kinds = [
        "otherName", "rfc822Name", "dNSName", "x400Address", "directoryName", "ediPartyName",
        "uniformResourceIdentifier", "iPAddress", "registeredID",
    ]

    /// `name` must be complete; returns nil when it is no GeneralName alternative.
    /// `cache`, when given, remembers directoryNames' texts (see `NameTextCache`).
    public static func text(of name: TLV, in bytes: [UInt8], scanner: TLVScanner, depth: Int,
                            cache: NameTextCache? = nil) -> String? {
        guard name.tagClass == 2, name.tagNumber < kinds.count else { return nil }
        let kind = kinds[name.tagNumber]
        let content = name.contentRange
        switch name.tagNumber {
        case 1, 2, 6:
            return "\(kind):" + String(decoding: bytes[content], as: UTF8.self)
        case 4:
            return directoryName(name, in: bytes, scanner: scanner, depth: depth, cache: cache)
        case 7:
            return "\(kind):" + ipAddress(bytes, content)
        case 8:
            return "\(kind):" + (ASN1Primitive.dottedOID(bytes, content) ?? ASN1Primitive.hex(bytes, content))
        default:
            return "\(kind):" + ASN1Primitive.hex(bytes, content)
        }
    }

    /// RFC 4514 text of the Name inside an explicit `[4]`. cryptlib's empty `A4 00` (no Name at all)
    /// reads as the empty name; a Name that does not decode is shown as `#` and the hex of its
    /// encoding, RFC 4514 §2.4's form for values it cannot print.
    private static func directoryName(_ name: TLV, in bytes: [UInt8], scanner: TLVScanner, depth: Int,
                                      cache: NameTextCache?) -> String {
        guard name.contentStart < name.contentEnd else { return "" }
        guard let inner = try? scanner.read(at: name.contentStart, limit: name.contentEnd, depth: depth + 1),
              let text = DirectoryNameText.text(of: inner, in: bytes, scanner: scanner, cache: cache)
        else {
            return "#" + ASN1Primitive.hex(bytes, name.contentRange)
        }
        return text
    }

    /// Dotted quad for 4 octets, RFC 5952 text for 16, hex otherwise (8 and 32 octets are
    /// address/mask pairs of name constraints, not addresses).
    public static func ipAddress(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        switch range.count {
        case 4:
            return bytes[range].map { String($0) }.joined(separator: ".")
        case 16:
            var groups = [Int]()
            var index = range.lowerBound
            while index < range.upperBound {
                groups.append(Int(bytes[index]) << 8 | Int(bytes[index + 1]))
                index += 2
            }
            // RFC 5952 §4.2: the longest run of two or more zero groups, the first such run on a tie, becomes "::".
            var best = (start: -1, count: 0)
            var run = (start: -1, count: 0)
            for (position, group) in groups.enumerated() {
                if group == 0 {
                    if run.start < 0 { run = (position, 0) }
                    run.count += 1
                    if run.count > best.count { best = run }
                } else {
                    run = (-1, 0)
                }
            }
            let text = groups.map { String($0, radix: 16) }
            guard best.count >= 2 else { return text.joined(separator: ":") }
            let head = text[0..<best.start].joined(separator: ":")
            let tail = text[(best.start + best.count)...].joined(separator: ":")
            return head + "::" + tail
        default:
            return ASN1Primitive.hex(bytes, range)
        }
    }
}
