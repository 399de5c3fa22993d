/// An IPv4 or IPv6 address, stored by value so flow keys hash without allocation.
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    case v4(UInt32)
    /// High and low 64 bits, network order.
    case v6(UInt64, UInt64)

    public init(v4 bytes: (UInt8, UInt8, UInt8, UInt8)) {
        self = .v4(UInt32(bytes.0) << 24 | UInt32(bytes.1) << 16 | UInt32(bytes.2) << 8 | UInt32(bytes.3))
    }

    public init?(v6 bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self = .v6(high, low)
    }

    /// Parses dotted IPv4 or RFC 4291 IPv6 text (used by tests and filters).
    public init?(_ text: String) {
        if text.contains(":") {
            guard let groups = Self.parseIPv6Groups(text) else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for (index, group) in groups.enumerated() {
                if index < 4 { high = high << 16 | UInt64(group) } else { low = low << 16 | UInt64(group) }
            }
            self = .v6(high, low)
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard let octet = UInt8(part) else { return nil }
                value = value << 8 | UInt32(octet)
            }
            self = .v4(value)
        }
    }

    public var isIPv6: Bool { if case .v6 = self { return true } else { return false } }

    /// RFC 5952 text: dotted quad for IPv4; lower-case hex with the longest zero run compressed for IPv6.
    public var description: String {
        var text = [UInt8]()
        text.reserveCapacity(39)
        appendText(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `description` written into `bytes`, without a String: every summary line and JSON object
    /// writes two addresses.
    public func appendText(to bytes: inout [UInt8]) {
        switch self {
        case .v4(let value):
            for shift in stride(from: 24 as UInt32, through: 0, by: -8) {
                DecimalBytes.append(UInt8(truncatingIfNeeded: value >> shift), to: &bytes)
                if shift > 0 { bytes.append(UInt8(ascii: ".")) }
            }
        case .v6(let high, let low):
            func group(_ index: Int) -> UInt16 {
                UInt16(truncatingIfNeeded: (index < 4 ? high : low) >> UInt64(48 - 16 * (index & 3)))
            }
            // Longest run of two or more zero groups, first one on ties (RFC 5952 §4.2).
            var bestStart = -1, bestLength = 0, runStart = -1
            for index in 0...8 {
                if index < 8 && group(index) == 0 {
                    if runStart < 0 { runStart = index }
                } else if runStart >= 0 {
                    let length = index - runStart
                    if length > bestLength && length >= 2 { bestStart = runStart; bestLength = length }
                    runStart = -1
                }
            }
            var index = 0
            while index < 8 {
                if index == bestStart {
                    bytes.append(UInt8(ascii: ":"))
                    if index == 0 { bytes.append(UInt8(ascii: ":")) }
                    index += bestLength
                    continue
                }
                Self.appendHex(group(index), to: &bytes)
                if index < 7 { bytes.append(UInt8(ascii: ":")) }
                index += 1
            }
        }
    }

    /// Lower-case hex without leading zeros (RFC 5952 §4.1, §4.3).
    private static func appendHex(_ value: UInt16, to bytes: inout [UInt8]) {
        var shift = 12
        while shift > 0 && value >> UInt16(shift) == 0 { shift -= 4 }
        while shift >= 0 {
            bytes.append(Hex.digits[Int(value >> UInt16(shift) & 0x0F)])
            shift -= 4
        }
    }

    private static func parseIPv6Groups(_ text: String) -> [UInt16]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result = [UInt16]()
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}

extension String {
    /// `components(separatedBy:)` without Foundation.
    func components(separatedBy separator: String) -> [String] {
        var result = [String]()
        var remainder = Substring(self)
        while let range = remainder.firstRange(of: separator) {
            result.append(String(remainder[..<range.lowerBound]))
            remainder = remainder[range.upperBound...]
        }
        result.append(String(remainder))
        return result
    }
}
