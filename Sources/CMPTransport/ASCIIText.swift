/// Small ASCII helpers for HTTP header text (RFC 9110 §5.6.3: OWS is SP and HTAB only, as octets).
extension Substring {
    /// Without leading and trailing SP and HTAB, judged octet by octet (comparing Characters breaks
    /// graphemes at every step: about 1,500 instructions per header field).
    func trimmingASCIIWhitespace() -> Substring {
        let utf8 = self.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, HTTPOWS.contains(utf8[start]) { start = utf8.index(after: start) }
        while start < end {
            let before = utf8.index(before: end)
            guard HTTPOWS.contains(utf8[before]) else { break }
            end = before
        }
        // SP and HTAB are one-octet scalars, so both ends stay on scalar boundaries.
        return self[start..<end]
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// OWS octets (RFC 9110 §5.6.3).
enum HTTPOWS {
    static func contains(_ octet: UInt8) -> Bool { octet == 0x20 || octet == 0x09 }

    /// `range` of `bytes` without the OWS at either end.
    static func trimmed<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ range: Range<Int>) -> Range<Int>
    where Bytes.Index == Int {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, contains(bytes[lower]) { lower += 1 }
        while upper > lower, contains(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
