import CMPCore

/// One occurrence of a message field, typed so comparisons order numbers as numbers, addresses
/// as addresses and registry values (status, failure bits, body types) by their number.
public enum FilterValue: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case address(IPAddress)
    case bytes([UInt8])
    case severity(Severity)
    case boolean(Bool)
    /// A registry value: its name and number (`rejection`/2, `badPOP`/9, `certConf`/24).
    case named(String, Int)

    /// The text `-T fields` prints, and what `contains` and `matches` look at.
    public var text: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .address(let value): value.description
        case .bytes(let value): Self.hex(value)
        case .severity(let value): value.description
        case .boolean(let value): value ? "1" : "0"
        case .named(let name, _): name
        }
    }

    /// Ordering between a field value and a literal of the same kind; nil when they do not compare.
    func compare(to other: FilterValue) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (self, other) {
        case (.string(let a), .string(let b)): return order(a, b)
        case (.integer(let a), .integer(let b)): return order(a, b)
        case (.address(let a), .address(let b)): return a.isIPv6 == b.isIPv6 ? order(a, b) : nil
        case (.bytes(let a), .bytes(let b)):
            return a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
        case (.severity(let a), .severity(let b)): return order(a, b)
        case (.boolean(let a), .boolean(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        case (.named(_, let a), .named(_, let b)): return order(a, b)
        default: return nil
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
