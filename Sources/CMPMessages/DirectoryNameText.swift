import CMPCore

/// RFC 4514 text of a `Name` (`SEQUENCE OF RelativeDistinguishedName`, each a `SET OF
/// AttributeTypeAndValue`), written to match `openssl x509 -nameopt RFC2253`, the text CMP users
/// compare against:
///
/// - the most specific RDN first, and inside a multi-valued RDN the attributes reversed as well
///   (OpenSSL reverses the whole attribute list: `CN=b+OU=a` for the SET `{OU=a, CN=b}`);
/// - OpenSSL's short names (`CN`, `O`, `emailAddress`, `serialNumber`, `street`, …), dotted OIDs for
///   the rest (RFC 4514 §2.3);
/// - RFC 4514 §2.4 escapes (`,+"\<>;`, a leading `#` or space, a trailing space) and `\XX` for control
///   characters; non-ASCII stays UTF-8 (OpenSSL would write `\C3\A9`, RFC 4514 allows either);
/// - a value that is no string type as `#` and the hex of its encoding (§2.4).
///
/// swift-certificates' `DistinguishedName` prints differently (`E=`, `2.5.4.5=`, SET order, `\#`
/// after a leading space) and rejects BER, hence this walk over our own tolerant TLV reader.
public enum DirectoryNameText {
    public static let shortNames: [String: String] = [
        "2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L",
        "2.5.4.8": "ST", "2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title",
        "2.5.4.13": "description", "2.5.4.17": "postalCode", "2.5.4.42": "GN", "2.5.4.43": "initials",
        "2.5.4.44": "generationQualifier", "2.5.4.46": "dnQualifier", "2.5.4.65": "pseudonym",
        "2.5.4.97": "organizationIdentifier", "1.2.840.113549.1.9.1": "emailAddress",
        "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
    ]

    /// nil when `name` is not a complete, well-formed Name.
    /// `cache`, when given, remembers the text of each encoding (see `NameTextCache`).
    public static func text(of name: TLV, in bytes: [UInt8], scanner: TLVScanner, cache: NameTextCache? = nil) -> String? {
        guard name.isComplete, name.isUniversal(TLV.sequence), name.isConstructed else { return nil }
        guard let cache, name.range.upperBound - name.range.lowerBound <= ByteKey.maxCachedName else {
            return uncachedText(of: name, in: bytes, scanner: scanner)
        }
        // The text depends on the bytes and on the nesting depth left (a deep value may hit the limit).
        let encoding = bytes[name.range.lowerBound..<name.range.upperBound]
        let depthLeft = scanner.maxDepth - name.depth
        return cache.directoryNames.value(
            for: NameTextCache.NameKey(encoding: ByteKey(encoding), depthLeft: depthLeft),
            stored: { NameTextCache.NameKey(encoding: ByteKey(encoding).detached, depthLeft: depthLeft) }
        ) {
            uncachedText(of: name, in: bytes, scanner: scanner)
        }
    }

    static func uncachedText(of name: TLV, in bytes: [UInt8], scanner: TLVScanner) -> String? {
        var attributes = [String]()
        var separators = [Character]()
        var rdns = TLVChildren(of: name)
        while !rdns.isExhausted {
            guard let rdn = child(&rdns, scanner), rdn.tagClass == 0, rdn.tagNumber == 17, rdn.isConstructed else {
                return nil
            }
            var members = TLVChildren(of: rdn)
            var first = true
            while !members.isExhausted {
                guard let member = child(&members, scanner), let text = attribute(member, bytes, scanner) else {
                    return nil
                }
                separators.append(first ? "," : "+")
                attributes.append(text)
                first = false
            }
        }
        // Reversing the attribute list reverses the separators' roles: each separator belongs
        // between an attribute and the one before it in encoding order.
        var result = ""
        for index in attributes.indices.reversed() {
            result += attributes[index]
            if index > 0 { result.append(separators[index]) }
        }
        return result
    }

    private static func child(_ children: inout TLVChildren, _ scanner: TLVScanner) -> TLV? {
        guard let tlv = try? scanner.read(at: children.position, limit: children.end, depth: children.depth),
              tlv.isComplete, tlv.closingFailure == nil
        else { return nil }
        children.position = tlv.end
        return tlv
    }

    /// `AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }` as `type=value`.
    private static func attribute(_ pair: TLV, _ bytes: [UInt8], _ scanner: TLVScanner) -> String? {
        guard pair.isUniversal(TLV.sequence), pair.isConstructed else { return nil }
        var parts = TLVChildren(of: pair)
        guard let type = child(&parts, scanner), type.isUniversal(TLV.objectIdentifier),
              let oid = ASN1Primitive.dottedOID(bytes, type.contentRange),
              let value = child(&parts, scanner)
        else { return nil }
        let key = shortNames[oid] ?? oid
        guard let string = string(value, bytes) else {
            return "\(key)=#" + ASN1Primitive.hex(bytes, value.start..<value.end)
        }
        return "\(key)=" + escaped(string)
    }

    /// The text of the directory string types (X.520 DirectoryString and the IA5 and numeric ones).
    private static func string(_ value: TLV, _ bytes: [UInt8]) -> String? {
        guard value.tagClass == 0, !value.isConstructed else { return nil }
        let content = bytes[value.contentRange]
        switch value.tagNumber {
        case 12, 18, 19, 22, 26:  // UTF8String, NumericString, PrintableString, IA5String, VisibleString
            return String(decoding: content, as: UTF8.self)
        case 20:  // TeletexString: read as Latin-1, as OpenSSL does
            return String(String.UnicodeScalarView(content.map { Unicode.Scalar($0) }))
        case 30:  // BMPString: UTF-16BE
            guard content.count % 2 == 0 else { return nil }
            var units = [UInt16]()
            var index = content.startIndex
            while index < content.endIndex {
                units.append(UInt16(content[index]) << 8 | UInt16(content[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        case 28:  // UniversalString: UTF-32BE
            guard content.count % 4 == 0 else { return nil }
            var scalars = String.UnicodeScalarView()
            var index = content.startIndex
            while index < content.endIndex {
                let value = content[index..<(index + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                index += 4
            }
            return String(scalars)
        default:
            return nil
        }
    }

    /// RFC 4514 §2.4 escaping.
    static func escaped(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            let isFirst = index == 0
            let isLast = index == scalars.count - 1
            switch scalar {
            case ",", "+", "\"", "\\", "<", ">", ";":
                result += "\\" + String(scalar)
            case "#" where isFirst, " " where isFirst || isLast:
                result += "\\" + String(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
