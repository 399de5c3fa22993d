import CMPCore

/// The right-hand side of a comparison, already read as the field's kind at parse time, so a
/// filter that cannot match for type reasons is a syntax error rather than a silent "no match".
enum FilterLiteral: @unchecked Sendable {
    case value(FilterValue)
    /// `ip.addr == 10.0.0.0/8`: a network, matched by prefix.
    case network(IPAddress, prefixLength: Int)
    /// `contains`: text (or, for byte fields, bytes) looked for inside each occurrence.
    case text(String)
    case bytes([UInt8])
    /// `matches`: Swift's `Regex`, case-insensitive as Wireshark's `matches` is by default.
    /// `Regex<AnyRegexOutput>` is not declared Sendable, hence `@unchecked`: it is a value never
    /// mutated after parsing, and `make` runs it once so its lazily compiled program exists before
    /// the filter can be shared.
    case regex(Regex<AnyRegexOutput>)

    /// Reads `text` as a literal for a field of `kind` used with `op`; nil and a reason when it cannot be.
    static func make(_ text: String, kind: FieldKind, op: FilterOperator) -> Result<FilterLiteral, LiteralError> {
        switch op {
        case .matches:
            do {
                let regex = try Regex(text).ignoresCase()
                _ = "".contains(regex)  // compiles the program now, on this thread
                return .success(.regex(regex))
            } catch {
                return .failure(LiteralError(expected: "a valid regular expression (\(error))"))
            }
        case .contains:
            if kind == .bytes {
                guard let bytes = parseBytes(text) else { return .failure(LiteralError(expected: "hex bytes, e.g. 3f:2a")) }
                return .success(.bytes(bytes))
            }
            return .success(.text(text))
        default:
            break
        }
        switch kind {
        case .string:
            return .success(.value(.string(text)))
        case .integer:
            guard let value = parseInteger(text) else { return .failure(LiteralError(expected: "an integer")) }
            return .success(.value(.integer(value)))
        case .address:
            if let slash = text.firstIndex(of: "/") {
                guard !op.isOrdering else {
                    return .failure(LiteralError(expected: "an address (a network only compares with == or !=)"))
                }
                guard let address = IPAddress(String(text[..<slash])),
                      let prefix = Int(text[text.index(after: slash)...]),
                      prefix >= 0, prefix <= (address.isIPv6 ? 128 : 32) else {
                    return .failure(LiteralError(expected: "a network, e.g. 10.0.0.0/8 or fd00::/8"))
                }
                return .success(.network(address, prefixLength: prefix))
            }
            guard let address = IPAddress(text) else {
                return .failure(LiteralError(expected: "an IPv4 or IPv6 address"))
            }
            return .success(.value(.address(address)))
        case .bytes:
            guard let bytes = parseBytes(text) else {
                return .failure(LiteralError(expected: "hex bytes, e.g. 3f2a9c01 or 3f:2a:9c:01"))
            }
            return .success(.value(.bytes(bytes)))
        case .severity:
            guard let severity = Severity(name: text.lowercased()) else {
                return .failure(LiteralError(expected: "a severity: chat, note, warning or error"))
            }
            return .success(.value(.severity(severity)))
        case .boolean:
            switch text.lowercased() {
            case "1", "true": return .success(.value(.boolean(true)))
            case "0", "false": return .success(.value(.boolean(false)))
            default: return .failure(LiteralError(expected: "true, false, 1 or 0"))
            }
        case .named(let names):
            if let number = parseInteger(text) {
                return .success(.value(.named(number >= 0 && number < names.count ? names[number] : "unknown", number)))
            }
            guard let index = names.firstIndex(where: { $0.lowercased() == text.lowercased() }) else {
                return .failure(LiteralError(expected: "one of " + names.joined(separator: ", ") + " (or a number)"))
            }
            return .success(.value(.named(names[index], index)))
        }
    }

    struct LiteralError: Error {
        var expected: String
    }

    static func parseInteger(_ text: String) -> Int? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return Int(text.dropFirst(2), radix: 16) }
        return Int(text)
    }

    /// Hex digits in pairs, with optional `:`, `-` or `.` between bytes (tshark accepts all three).
    static func parseBytes(_ text: String) -> [UInt8]? {
        let digits = text.filter { $0 != ":" && $0 != "-" && $0 != "." }
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
