/// The start line and the framing-relevant header fields of one HTTP/1.x message (RFC 9112 §2–§6).
///
/// Only the fields that frame the body or classify it are turned into strings; other header lines
/// are stepped over without allocating.
struct HTTPHead {
    enum StartLine: Equatable {
        case request(method: String, uri: String)
        case response(status: Int, reason: String)
    }

    enum ContentLength: Equatable {
        case absent
        case value(UInt64)
        /// Not digits, more than 2^64-1, or several different values (RFC 9112 §6.3 item 5).
        case invalid
    }

    var start: StartLine
    /// "1.0", "1.1"
    var version: String
    var contentType: String?
    var contentLength: ContentLength = .absent
    var transferEncoding: String?
    var expectsContinue = false
    /// Some line ended with LF alone (RFC 9112 §2.2 lets a recipient accept that).
    var bareLF = false

    var isRequest: Bool {
        if case .request = start { return true }
        return false
    }

    /// The last transfer coding is `chunked` (RFC 9112 §6.3 item 4).
    var isChunked: Bool {
        guard let transferEncoding else { return false }
        let last = transferEncoding.split(separator: ",").last.map { $0.trimmingASCIIWhitespace().lowercased() }
        return last == "chunked"
    }

    /// Parses `bytes`, the head through its empty line; nil when it cannot be framed.
    /// One pass over the lines, with no array of them: a head is parsed for every HTTP message.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> HTTPHead? {
        var head: HTTPHead?
        var bareLF = false
        var lineStart = 0
        // Content-Length: the first value, and whether another one differed or one was not a number.
        var length: UInt64?
        var lengthInvalid = false
        var current: (name: Field, value: String)?
        func noteLength(_ text: Substring) {
            guard let value = parseDecimal(text.trimmingASCIIWhitespace()) else { return lengthInvalid = true }
            if let length, length != value { lengthInvalid = true }
            if length == nil { length = value }
        }
        func commit() {
            guard let field = current else { return }
            switch field.name {
            case .contentType: head?.contentType = field.value
            case .contentLength:
                // A list (`42, 42`) is allowed when every member is the same (RFC 9110 §8.6).
                if !field.value.utf8.contains(0x2C) {
                    noteLength(Substring(field.value))
                } else {
                    for part in field.value.split(separator: ",", omittingEmptySubsequences: false) { noteLength(part) }
                }
            case .transferEncoding:
                let earlier = head?.transferEncoding
                head?.transferEncoding = earlier.map { $0 + ", " + field.value } ?? field.value
            case .expect:
                if field.value.lowercased().contains("100-continue") { head?.expectsContinue = true }
            case .other: break
            }
            current = nil
        }
        var index = 0
        while let newline = bytes[index...].firstIndex(of: 0x0A) {
            var end = newline
            if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 } else { bareLF = true }
            let line = lineStart..<end
            lineStart = newline + 1
            index = newline + 1
            guard head != nil else {
                guard let start = parseStartLine(bytes, line) else { return nil }
                head = start
                continue
            }
            guard !line.isEmpty else { continue }
            if HTTPOWS.contains(bytes[line.lowerBound]) {
                // obs-fold (RFC 9112 §5.2): a continuation of the previous field's value.
                if current != nil, current?.name != .other {
                    current?.value += " " + String(decoding: UnsafeRawBufferPointer(rebasing: bytes[HTTPOWS.trimmed(bytes, line)]),
                                                   as: UTF8.self)
                }
                continue
            }
            commit()
            guard let colon = bytes[line].firstIndex(of: 0x3A), colon > line.lowerBound else { return nil }
            let name = Field(UnsafeRawBufferPointer(rebasing: bytes[line.lowerBound..<colon]))
            if name == .other {
                current = (.other, "")
            } else {
                let value = HTTPOWS.trimmed(bytes, (colon + 1)..<line.upperBound)
                current = (name, String(decoding: UnsafeRawBufferPointer(rebasing: bytes[value]), as: UTF8.self))
            }
        }
        commit()
        guard var head else { return nil }
        head.bareLF = bareLF
        if lengthInvalid {
            head.contentLength = .invalid
        } else if let length {
            head.contentLength = .value(length)
        }
        return head
    }

    private enum Field: Equatable {
        case contentType, contentLength, transferEncoding, expect, other

        init(_ name: UnsafeRawBufferPointer) {
            func equals(_ text: StaticString) -> Bool {
                guard name.count == text.utf8CodeUnitCount else { return false }
                let expected = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
                for index in 0..<name.count {
                    var byte = name[index]
                    if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                    if byte != expected[index] { return false }
                }
                return true
            }
            if equals("content-type") { self = .contentType }
            else if equals("content-length") { self = .contentLength }
            else if equals("transfer-encoding") { self = .transferEncoding }
            else if equals("expect") { self = .expect }
            else { self = .other }
        }
    }

    /// `method SP request-target SP HTTP-version` or `HTTP-version SP status-code SP reason`
    /// (RFC 9112 §3, §4), read as octets: SP is the octet 0x20, and only the parts kept become strings.
    private static func parseStartLine(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>) -> HTTPHead? {
        // The first two spaces split the line into at most three parts; the third keeps any further spaces.
        var firstSpace: Int?
        var secondSpace: Int?
        var index = line.lowerBound
        while index < line.upperBound && secondSpace == nil {
            if bytes[index] == 0x20 {
                if firstSpace == nil { firstSpace = index } else { secondSpace = index }
            }
            index += 1
        }
        let parts: (first: Range<Int>, second: Range<Int>?, third: Range<Int>?)
        if let firstSpace, let secondSpace {
            parts = (line.lowerBound..<firstSpace, (firstSpace + 1)..<secondSpace, (secondSpace + 1)..<line.upperBound)
        } else if let firstSpace {
            parts = (line.lowerBound..<firstSpace, (firstSpace + 1)..<line.upperBound, nil)
        } else {
            parts = (line, nil, nil)
        }
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        if startsWithHTTPSlash(bytes, line) {
            guard let status = parts.second, let version = parseVersion(bytes, parts.first), status.count == 3,
                  status.allSatisfy({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }) else { return nil }
            let code = status.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) }
            return HTTPHead(start: .response(status: code, reason: parts.third.map(text) ?? ""), version: version)
        }
        guard let target = parts.second, let versionPart = parts.third, !parts.first.isEmpty, !target.isEmpty,
              let version = parseVersion(bytes, versionPart) else { return nil }
        return HTTPHead(start: .request(method: text(parts.first), uri: text(target)), version: version)
    }

    private static let httpSlash: [UInt8] = Array("HTTP/".utf8)

    private static func startsWithHTTPSlash(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.count >= httpSlash.count && httpSlash.indices.allSatisfy { bytes[range.lowerBound + $0] == httpSlash[$0] }
    }

    /// `HTTP/d.d`: the `d.d` part.
    private static func parseVersion(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        guard startsWithHTTPSlash(bytes, range), range.count == httpSlash.count + 3 else { return nil }
        let major = bytes[range.lowerBound + 5], dot = bytes[range.lowerBound + 6], minor = bytes[range.lowerBound + 7]
        guard (0x30...0x39).contains(major), dot == 0x2E, (0x30...0x39).contains(minor) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 5)..<range.upperBound]), as: UTF8.self)
    }

    /// Decimal digits into a UInt64, nil on anything else or on overflow (a 2^64 length is malformed, not a trap).
    static func parseDecimal(_ text: Substring) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
