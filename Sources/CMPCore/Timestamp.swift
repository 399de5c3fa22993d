/// A capture timestamp: seconds and nanoseconds since 1970-01-01T00:00:00Z.
///
/// Kept as integers (not `Double` or `Date`) so that nanosecond captures round-trip exactly and
/// golden output does not depend on floating-point formatting.
public struct Timestamp: Hashable, Comparable, Sendable {
    public var seconds: Int64
    /// 0 ..< 1_000_000_000
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32) {
        // Saturating: a hostile capture's time field must not trap here.
        let carried = seconds.addingReportingOverflow(Int64(nanoseconds / 1_000_000_000))
        self.seconds = carried.overflow ? (seconds < 0 ? .min : .max) : carried.partialValue
        var ns = nanoseconds % 1_000_000_000
        if ns < 0 {
            ns += 1_000_000_000
            self.seconds = self.seconds == .min ? .min : self.seconds - 1
        }
        self.nanoseconds = ns
    }

    public static let zero = Timestamp(seconds: 0, nanoseconds: 0)

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// Total nanoseconds since the epoch (saturating far outside any real capture).
    public var totalNanoseconds: Int64 {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(Int64(nanoseconds)).partialValue
    }

    /// `self - other` in nanoseconds.
    public func nanoseconds(since other: Timestamp) -> Int64 {
        totalNanoseconds &- other.totalNanoseconds
    }

    /// Seconds since `other` with six decimals, as tshark's relative-time column prints it.
    public func relativeSeconds(since other: Timestamp) -> String {
        var bytes = [UInt8]()
        appendRelativeSeconds(since: other, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `relativeSeconds` appended as ASCII, for writers that collect bytes (every summary line has one).
    public func appendRelativeSeconds(since other: Timestamp, to bytes: inout [UInt8]) {
        let delta = nanoseconds(since: other)
        let negative = delta < 0
        let micros = negative ? (delta == .min ? .max : -delta) / 1000 : delta / 1000
        if negative { bytes.append(UInt8(ascii: "-")) }
        Self.appendPadded(Int(micros / 1_000_000), width: 1, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        Self.appendPadded(Int(micros % 1_000_000), width: 6, to: &bytes)
    }

    /// ISO 8601 in UTC with microseconds, e.g. `2026-12-01T11:19:32.123456Z`.
    public var iso8601: String {
        var bytes = [UInt8]()
        appendISO8601(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `iso8601` appended as ASCII, for writers that collect bytes (JSON has one per message).
    public func appendISO8601(to bytes: inout [UInt8]) {
        // Clamped to ±2^46 s (about two million years) so the calendar arithmetic cannot overflow on
        // a hostile time field; no capture comes near.
        let seconds = Swift.min(Swift.max(self.seconds, -(1 << 46)), 1 << 46)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds + 1) / 86_400 - 1
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let micros = Int(nanoseconds / 1000)
        Self.appendPadded(Int(year), width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendPadded(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendPadded(day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.appendPadded(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendPadded(secondOfDay / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendPadded(secondOfDay % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        Self.appendPadded(micros, width: 6, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// The decimal text of `value` (a minus sign included), zeros in front up to `width`, as bytes.
    static func appendPadded(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var count = 1
        var probe = value.magnitude
        while probe >= 10 { probe /= 10; count += 1 }
        let textLength = count + (value < 0 ? 1 : 0)
        if textLength < width { bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - textLength)) }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value.magnitude
        for index in stride(from: start + count - 1, through: start, by: -1) {
            bytes[index] = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10)
            rest /= 10
        }
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil-from-days algorithm).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
