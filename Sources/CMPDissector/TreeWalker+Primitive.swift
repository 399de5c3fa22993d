import CMPCore
import CMPMessages

extension TreeWalker {
    /// A primitive value of a known type.
    mutating func primitive(_ tlv: TLV, name: String, schema: ASN1Schema, path: FieldPath, oid: String?) -> DissectionNode {
        guard tlv.isComplete else {
            let finding = fail(tlv.range, path, scanner.truncation(tlv.declaredEnd))
            return DissectionNode(name, value: "(truncated: \(tlv.contentEnd - tlv.contentStart) of \(tlv.declaredEnd - tlv.contentStart) bytes)",
                                  range: tlv.range, findings: [finding])
        }
        let content = tlv.contentRange
        var node = DissectionNode(name, range: tlv.range)
        switch schema {
        case .integer(let names), .enumerated(let names):
            if let value = ASN1Primitive.int(bytes, content) {
                node.value = names[value].map { "\($0) (\(value))" } ?? String(value)
            } else if content.isEmpty {
                node.findings.append(fail(tlv.range, path, "empty INTEGER"))
            } else {
                setBytes(&node, content, prefix: "0x")
            }
        case .bitString(let names):
            bitString(&node, tlv, names: names, path: path)
        case .octetString(let kind):
            switch kind {
            case .hex:
                setBytes(&node, content)
            case .textOrHex:
                setBytes(&node, content)
                if let text = Self.printable(bytes[content]) { node.value = (node.value ?? "") + " (\"\(text)\")" }
            case .encapsulated(let inner):
                setBytes(&node, content)
                if let child = encapsulated(content, schema: inner, path: path, oid: oid) {
                    node.value = nil
                    node.fullValue = nil
                    node.children.append(child)
                }
            }
        case .objectIdentifier:
            if let label = OIDTable.label(content: bytes[content]) {
                node.value = label
            } else {
                node.findings.append(fail(tlv.range, path, "undecodable OBJECT IDENTIFIER"))
            }
        case .boolean:
            if content.count == 1 {
                node.value = bytes[content.lowerBound] == 0 ? "False" : "True"
            } else {
                node.findings.append(fail(tlv.range, path, "BOOLEAN of \(content.count) octets"))
            }
        case .null:
            node.value = "NULL"
            if !content.isEmpty { node.findings.append(fail(tlv.range, path, "NULL with content")) }
        case .string:
            node.value = Self.text(tlv, bytes)
        case .freeTextString:
            freeTextString(&node, tlv)
        case .languageTag:
            languageTag(&node, tlv)
        case .time:
            node.value = Self.time(String(decoding: bytes[content], as: UTF8.self), utc: tlv.tagNumber == 23)
        default:
            setBytes(&node, content)
        }
        return node
    }

    /// Hex, shortened past `shownBytes` in the text tree, whole in `fullValue` for JSON.
    func setBytes(_ node: inout DissectionNode, _ content: Range<Int>, prefix: String = "") {
        let shown = content.count > Self.shownBytes ? content.lowerBound..<(content.lowerBound + Self.shownBytes) : content
        if shown.count < content.count {
            node.value = prefix + ASN1Primitive.hex(bytes, shown) + "… (\(content.count) bytes)"
            if keepsFullValues { node.fullValue = prefix + ASN1Primitive.hex(bytes, content) }
        } else {
            node.value = content.isEmpty ? "(empty)" : prefix + ASN1Primitive.hex(bytes, content)
        }
    }

    /// Named bits listed with their numbers; others as hex with the unused-bit count.
    mutating func bitString(_ node: inout DissectionNode, _ tlv: TLV, names: [String], path: FieldPath) {
        let content = tlv.contentRange
        guard let first = content.first else {
            node.findings.append(fail(tlv.range, path, "BIT STRING without its unused-bits octet"))
            return
        }
        let unused = Int(bytes[first])
        guard unused < 8, unused == 0 || content.count > 1 else {
            node.findings.append(fail(tlv.range, path, "invalid unused-bits count \(unused)"))
            return
        }
        let octets = (first + 1)..<content.upperBound
        guard !names.isEmpty else {
            setBytes(&node, octets)
            if unused != 0 { node.value = (node.value ?? "") + " (\(unused) unused bits)" }
            return
        }
        var set = [String]()
        var unknown = 0
        outer: for index in octets {
            var octet = bytes[index]
            if index == octets.upperBound - 1 { octet &= UInt8(truncatingIfNeeded: 0xFF << unused) }
            for bit in 0..<8 where octet & (0x80 >> bit) != 0 {
                let number = (index - octets.lowerBound) * 8 + bit
                if number < names.count {
                    set.append("\(names[number]) (\(number))")
                } else {
                    unknown += 1
                    if unknown > 64 { break outer }
                    set.append("unknown (\(number))")
                }
            }
        }
        node.value = set.isEmpty ? "(none)" : set.joined(separator: ", ")
    }

    /// DER inside an OCTET STRING (extnValue) decoded as `schema`; nil (hex is shown) when it is not one
    /// complete element of that type.
    mutating func encapsulated(_ content: Range<Int>, schema: ASN1Schema, path: FieldPath, oid: String?) -> DissectionNode? {
        guard !content.isEmpty,
              let inner = try? scanner.read(at: content.lowerBound, limit: content.upperBound, depth: 1),
              inner.isComplete, inner.end == content.upperBound, matches(inner, schema)
        else { return nil }
        let label = oid.flatMap(OIDTable.name).map { $0.hasPrefix("id-ce-") ? String($0.dropFirst(6)) : $0 } ?? Self.typeLabel(schema)
        return decode(inner, name: label, schema: schema, path: path, oid: oid, implicitTag: false)
    }

    static func typeLabel(_ schema: ASN1Schema) -> String {
        switch schema {
        case .ref(let name): return name.text
        case .summarized(let inner, _): return typeLabel(inner)
        default: return "value"
        }
    }

    static func printable(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Character strings: UTF-8 for the 8-bit types, UTF-16BE for BMPString, UTF-32BE for UniversalString.
    static func text(_ tlv: TLV, _ bytes: [UInt8]) -> String {
        let content = bytes[tlv.contentRange]
        switch tlv.tagNumber {
        case 30:
            var units = [UInt16]()
            var index = content.startIndex
            while index + 1 < content.endIndex {
                units.append(UInt16(content[index]) << 8 | UInt16(content[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        case 28:
            var scalars = String.UnicodeScalarView()
            var index = content.startIndex
            while index + 3 < content.endIndex {
                let value = content[index..<(index + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                index += 4
            }
            return String(scalars)
        case 20:
            return String(String.UnicodeScalarView(content.map { Unicode.Scalar($0) }))
        default:
            return String(decoding: content, as: UTF8.self)
        }
    }

    /// `2026-12-01T11:38:43Z (20261201113843Z)`: ISO 8601 beside the raw text. UTCTime years 50–99
    /// are 19xx (RFC 5280 §4.1.2.5.1). Text that is no time is shown raw.
    static func time(_ raw: String, utc: Bool) -> String {
        // Written as octets into one buffer: a String per field and per join was 1% of a -V run.
        let digits = Array(raw.utf8)
        func isDigits(_ range: Range<Int>) -> Bool {
            range.upperBound <= digits.count && digits[range].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        var iso = [UInt8]()
        iso.reserveCapacity(2 * digits.count + 8)
        let rest: Int
        if utc {
            guard isDigits(0..<2) else { return raw }
            let year = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
            iso += year < 50 ? [0x32, 0x30] : [0x31, 0x39]  // 20yy or 19yy (RFC 5280 §4.1.2.5.1)
            iso += digits[0..<2]
            rest = 2
        } else {
            guard isDigits(0..<4) else { return raw }
            iso += digits[0..<4]
            rest = 4
        }
        // month, day, hour, minute
        guard isDigits(rest..<(rest + 8)) else { return raw }
        for (offset, separator) in [(0, UInt8(ascii: "-")), (2, UInt8(ascii: "-")), (4, UInt8(ascii: "T")), (6, UInt8(ascii: ":"))] {
            iso.append(separator)
            iso += digits[(rest + offset)..<(rest + offset + 2)]
        }
        var position = rest + 8
        if isDigits(position..<(position + 2)) {
            iso.append(UInt8(ascii: ":"))
            iso += digits[position..<(position + 2)]
            position += 2
        }
        if position < digits.count, digits[position] == UInt8(ascii: ".") || digits[position] == UInt8(ascii: ",") {
            var end = position + 1
            while end < digits.count, digits[end] >= 0x30, digits[end] <= 0x39 { end += 1 }
            iso.append(UInt8(ascii: "."))
            iso += digits[(position + 1)..<end]
            position = end
        }
        iso += digits[position...]
        iso += [0x20, 0x28]  // " ("
        iso += digits
        iso.append(0x29)
        return String(decoding: iso, as: UTF8.self)
    }
}
