import CMPCore

/// A parsed display filter.
///
/// A field with several occurrences (`cmp.status`, `ip.addr`, `finding.severity`) matches a
/// comparison when any occurrence does, as in Wireshark; `!=` is its negation over a present field
/// (no occurrence equal), so `ip.addr != 10.0.0.1` excludes both directions of that host and an
/// absent field matches no comparison at all.
indirect enum FilterExpression: Sendable {
    case exists(MessageField)
    case compare(MessageField, FilterOperator, FilterLiteral)
    /// `field in {a b c..d}`: some occurrence equals a member or lies in a range.
    case member(MessageField, [FilterSetItem])
    case not(FilterExpression)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)

    func evaluate(_ message: DissectedMessage) -> Bool {
        switch self {
        case .exists(let field):
            return !field.values(in: message).isEmpty
        case .compare(let field, let op, let literal):
            let values = field.values(in: message)
            if op == .notEqual {
                return !values.isEmpty && !values.contains { Self.test($0, .equal, literal) }
            }
            return values.contains { Self.test($0, op, literal) }
        case .member(let field, let items):
            return field.values(in: message).contains { value in items.contains { $0.contains(value) } }
        case .not(let inner):
            return !inner.evaluate(message)
        case .and(let lhs, let rhs):
            return lhs.evaluate(message) && rhs.evaluate(message)
        case .or(let lhs, let rhs):
            return lhs.evaluate(message) || rhs.evaluate(message)
        }
    }

    static func test(_ value: FilterValue, _ op: FilterOperator, _ literal: FilterLiteral) -> Bool {
        switch literal {
        case .value(let expected):
            guard let order = value.compare(to: expected) else { return false }
            switch op {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            case .contains, .matches: return false
            }
        case .network(let network, let prefix):
            guard case .address(let address) = value else { return false }
            return address.isIn(network: network, prefixLength: prefix)
        case .text(let needle):
            return value.text.contains(needle)
        case .bytes(let needle):
            guard case .bytes(let haystack) = value else { return false }
            return needle.isEmpty || (haystack.count >= needle.count
                && (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) })
        case .regex(let regex):
            return value.text.contains(regex)
        }
    }
}

extension IPAddress {
    /// Prefix match; an IPv4 address is never inside an IPv6 network or the other way round.
    func isIn(network: IPAddress, prefixLength: Int) -> Bool {
        switch (self, network) {
        case (.v4(let a), .v4(let n)):
            guard prefixLength > 0 else { return true }
            let mask: UInt32 = prefixLength >= 32 ? .max : ~(UInt32.max >> UInt32(prefixLength))
            return a & mask == n & mask
        case (.v6(let aHigh, let aLow), .v6(let nHigh, let nLow)):
            func mask(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : (bits >= 64 ? .max : ~(UInt64.max >> UInt64(bits))) }
            let highMask = mask(prefixLength), lowMask = mask(prefixLength - 64)
            return aHigh & highMask == nHigh & highMask && aLow & lowMask == nLow & lowMask
        default:
            return false
        }
    }
}
