import Foundation

/// `openssl asn1parse -inform DER -i` output, parsed: the independent decoding the fixture tests
/// compare the summary decoder against.
struct ASN1ParseListing {
    struct Line {
        var offset: Int
        var depth: Int
        var headerLength: Int
        var length: Int
        var constructed: Bool
        /// `SEQUENCE`, `INTEGER`, `cont [ 4 ]`, `OCTET STRING`, …
        var type: String
        /// Text after the type's colon: `02`, `[HEX DUMP]:2D72…`, `commonName`, …
        var value: String?
    }

    var lines: [Line]

    init(text: String) {
        lines = text.split(separator: "\n").compactMap { Self.parse(String($0)) }
    }

    /// `  10:d=2  hl=2 l=  39 cons:   cont [ 4 ]        `
    private static func parse(_ line: String) -> Line? {
        guard let colon = line.firstIndex(of: ":"), let offset = Int(line[..<colon].trimmingCharacters(in: .whitespaces)),
              let depthRange = line.range(of: "d="), let hlRange = line.range(of: "hl="),
              let lRange = line.range(of: " l="),
              let kindRange = line.range(of: "prim:") ?? line.range(of: "cons:")
        else { return nil }
        func number(_ from: String.Index, _ to: String.Index) -> Int? {
            Int(line[from..<to].trimmingCharacters(in: .whitespaces))
        }
        guard let depth = number(depthRange.upperBound, hlRange.lowerBound),
              let headerLength = number(hlRange.upperBound, lRange.lowerBound),
              let length = number(lRange.upperBound, kindRange.lowerBound)
        else { return nil }
        let rest = line[kindRange.upperBound...]
        var type = String(rest)
        var value: String?
        if let valueColon = rest.firstIndex(of: ":") {
            type = String(rest[..<valueColon])
            value = String(rest[rest.index(after: valueColon)...]).trimmingCharacters(in: .whitespaces)
        }
        return Line(offset: offset, depth: depth, headerLength: headerLength, length: length,
                    constructed: line[kindRange].hasPrefix("cons"),
                    type: type.trimmingCharacters(in: .whitespaces), value: value)
    }

    /// Indices of the direct children of the line at `index`.
    func children(of index: Int) -> [Int] {
        let depth = lines[index].depth
        var result = [Int]()
        var cursor = index + 1
        while cursor < lines.count, lines[cursor].depth > depth {
            if lines[cursor].depth == depth + 1 { result.append(cursor) }
            cursor += 1
        }
        return result
    }

    /// Context tag number of a `cont [ n ]` line.
    func contextTag(_ index: Int) -> Int? {
        let type = lines[index].type
        guard type.hasPrefix("cont [") else { return nil }
        return Int(type.dropFirst(6).dropLast().trimmingCharacters(in: .whitespaces))
    }

    /// OCTET STRING bytes: asn1parse prints `[HEX DUMP]:…` unless the bytes are printable text.
    func octets(_ index: Int) -> [UInt8]? {
        guard let value = lines[index].value else { return lines[index].length == 0 ? [] : nil }
        // The type column then reads `OCTET STRING      [HEX DUMP]` and the value is the hex.
        if lines[index].type.hasSuffix("[HEX DUMP]") {
            let hex = Array(value)
            var bytes = [UInt8]()
            var position = 0
            while position + 1 < hex.count {
                guard let byte = UInt8(String(hex[position...position + 1]), radix: 16) else { return nil }
                bytes.append(byte)
                position += 2
            }
            return bytes
        }
        return Array(value.utf8)
    }

    /// RFC 4514 text of the Name below a `cont [ 4 ]` directoryName line: attribute short names,
    /// most specific RDN first, as `openssl x509 -nameopt RFC2253` prints.
    func distinguishedName(_ index: Int) -> String? {
        let short = ["commonName": "CN", "organizationName": "O", "countryName": "C",
                     "organizationalUnitName": "OU", "localityName": "L", "stateOrProvinceName": "ST"]
        guard let name = children(of: index).first else { return nil }
        var rdns = [String]()
        for set in children(of: name) {
            var parts = [String]()
            for attribute in children(of: set) {
                let pair = children(of: attribute)
                guard pair.count == 2, let type = lines[pair[0]].value, let key = short[type],
                      let value = lines[pair[1]].value
                else { return nil }
                parts.append("\(key)=\(value)")
            }
            rdns.append(parts.joined(separator: "+"))
        }
        return rdns.reversed().joined(separator: ",")
    }
}
