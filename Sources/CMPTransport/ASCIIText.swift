/// Small ASCII helpers for HTTP header text (RFC 9110 §5.6.3: OWS is SP and HTAB only).
extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func utf8Trimmed() -> String { String(Substring(self).trimmingASCIIWhitespace()) }
}
