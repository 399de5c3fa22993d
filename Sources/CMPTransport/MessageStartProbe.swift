/// Recognises the start of an HTTP/1.x message or of a TCP-Messaging PDU from a few bytes: what
/// classification, resynchronisation after a gap, and the pipeline's late pick-up use.
///
/// The TCP-Messaging check is the strict one of cmp-wire-and-oddities.md §1.3 (exact control-PDU
/// sizes, a PKIMessage's DER length filling the value), because many binary protocols start with a
/// 4-byte length; once a flow is classified, the framer reads later PDUs leniently and reports oddities.
enum MessageStartProbe {
    /// Request methods of RFC 9110 §9 plus PATCH, and the status-line prefix, each with its delimiter.
    static let httpTokens: [[UInt8]] = [
        "POST ", "GET ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ", "TRACE ", "CONNECT ", "HTTP/1.",
    ].map { Array($0.utf8) }

    static let longestHTTPToken = httpTokens.map(\.count).max() ?? 8

    /// An HTTP request line or status line at `offset`.
    static func http(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> ProbeVerdict {
        let available = bytes.count - offset
        guard available > 0 else { return .needMore }
        var prefix = false
        for token in httpTokens {
            let count = Swift.min(token.count, available)
            var equal = true
            for index in 0..<count where bytes[offset + index] != token[index] {
                equal = false
                break
            }
            guard equal else { continue }
            if count == token.count { return .yes }
            prefix = true
        }
        return prefix ? .needMore : .no
    }

    /// A plausible TCP-Messaging header (either framing) at `offset`.
    static func tcpMessaging(_ bytes: UnsafeRawBufferPointer, at offset: Int, maxPDUSize: Int) -> ProbeVerdict {
        func byte(_ index: Int) -> UInt8? {
            offset + index < bytes.count ? bytes[offset + index] : nil
        }
        guard let b0 = byte(0), let b1 = byte(1), let b2 = byte(2), let b3 = byte(3), let kind = byte(4) else {
            return .needMore
        }
        let length = UInt64(b0) << 24 | UInt64(b1) << 16 | UInt64(b2) << 8 | UInt64(b3)
        guard length >= 1, length <= UInt64(Swift.max(0, maxPDUSize)) else { return .no }
        let headerLength: Int
        let type: UInt8
        if kind == 10 {
            guard length >= 3, let flags = byte(5), let draftType = byte(6) else { return length >= 3 ? .needMore : .no }
            guard flags & 0xFE == 0 else { return .no }
            headerLength = 7
            type = draftType
        } else if kind <= 6 {
            headerLength = 5
            type = kind
        } else {
            return .no
        }
        let valueLength = length - UInt64(headerLength - 4)
        let draft = kind == 10
        switch (draft, type) {
        case (_, 1):
            return valueLength == 8 ? .yes : .no
        case (_, 2):
            return valueLength == 4 ? .yes : .no
        case (_, 3):
            guard valueLength == 1 else { return .no }
            guard let value = byte(headerLength) else { return .needMore }
            return value == 0 ? .yes : .no
        case (_, 6):
            return errorMessage(bytes, at: offset + headerLength, valueLength: valueLength, draft: draft)
        case (_, 0), (_, 5):
            return derFills(bytes, at: offset + headerLength, count: valueLength)
        case (false, 4):
            guard valueLength > 8 else { return .no }
            return derFills(bytes, at: offset + headerLength + 8, count: valueLength - 8)
        default:
            return .no
        }
    }

    /// Longest errorMsgRep value a probe accepts: error text, not a payload (random bytes of a TLS
    /// connection picked up late looked like multi-megabyte errorMsgReps).
    static let maxErrorMessageLength: UInt64 = 65_536
    /// Leading bytes of an errorMsgRep's text that must be text (printable ASCII or UTF-8).
    static let errorTextProbeLength = 16

    /// errorMsgRep: RFC 2510's value is human-readable text; the draft's is `errorCode(16)
    /// dataLength(16) data[dataLength] text` (cmp-wire-and-oddities.md §1.2).
    private static func errorMessage(_ bytes: UnsafeRawBufferPointer, at start: Int, valueLength: UInt64,
                                     draft: Bool) -> ProbeVerdict {
        guard valueLength >= (draft ? 4 : 1), valueLength <= maxErrorMessageLength else { return .no }
        var textStart = start
        if draft {
            guard start + 4 <= bytes.count else { return .needMore }
            let dataLength = UInt64(bytes[start + 2]) << 8 | UInt64(bytes[start + 3])
            guard dataLength + 4 <= valueLength else { return .no }
            textStart = start + 4 + Int(dataLength)
        }
        let textEnd = start + Int(valueLength)
        let probeEnd = Swift.min(textEnd, textStart + errorTextProbeLength)
        guard probeEnd <= bytes.count else { return .needMore }
        return isText(bytes, textStart..<probeEnd) ? .yes : .no
    }

    /// Printable ASCII, tab, CR, LF, and well-formed UTF-8 sequences (a sequence the range cuts
    /// counts as far as it goes): random bytes pass for 16 of these about once in ten million.
    static func isText(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x20...0x7E, 0x09, 0x0A, 0x0D:
                continue
            case 0xC2...0xF4:
                let continuations = byte >= 0xF0 ? 3 : (byte >= 0xE0 ? 2 : 1)
                for _ in 0..<continuations where index < range.upperBound {
                    guard (0x80...0xBF).contains(bytes[index]) else { return false }
                    index += 1
                }
            default:
                return false
            }
        }
        return true
    }

    private static func derFills(_ bytes: UnsafeRawBufferPointer, at offset: Int, count: UInt64) -> ProbeVerdict {
        switch DERProbe.sequenceHeader(bytes, at: offset) {
        case .needMore: return .needMore
        case .invalid: return .no
        case .value(let header, let content): return UInt64(header) + content == count ? .yes : .no
        }
    }

    /// TLS records (content types 20…23, major version 3) and SSH identification strings cannot
    /// carry CMP as we dissect it: decide at once instead of buffering a classification window.
    static func isKnownOther(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2 else { return false }
        if (0x14...0x17).contains(bytes[0]) && bytes[1] == 0x03 { return true }
        let ssh: [UInt8] = Array("SSH-".utf8)
        if bytes.count >= ssh.count {
            return (0..<ssh.count).allSatisfy { bytes[$0] == ssh[$0] }
        }
        return false
    }
}
