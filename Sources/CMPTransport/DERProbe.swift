/// Structural DER checks, just enough to tell a PKIMessage from other bytes without the CMP decoder
/// (which a transport stage must not import): the outer `SEQUENCE` with a definite length, and
/// PKIMessage's first element `PKIHeader ::= SEQUENCE { pvno INTEGER, … }` (RFC 9810 §5.1).
enum DERProbe {
    enum Header: Equatable {
        case value(headerLength: Int, contentLength: UInt64)
        case needMore
        case invalid
    }

    /// The `SEQUENCE` header at `offset`. Indefinite lengths (0x80) are not DER; length fields over
    /// four bytes would describe more than 4 GiB, which no PKIMessage is.
    static func sequenceHeader(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Header {
        guard offset >= 0, offset < bytes.count else { return .needMore }
        guard bytes[offset] == 0x30 else { return .invalid }
        guard offset + 1 < bytes.count else { return .needMore }
        let first = bytes[offset + 1]
        if first < 0x80 { return .value(headerLength: 2, contentLength: UInt64(first)) }
        let count = Int(first & 0x7F)
        guard count >= 1, count <= 4 else { return .invalid }
        guard offset + 1 + count < bytes.count else { return .needMore }
        var length: UInt64 = 0
        for index in 0..<count { length = length << 8 | UInt64(bytes[offset + 2 + index]) }
        return .value(headerLength: 2 + count, contentLength: length)
    }

    /// Total length (header plus content) of the `SEQUENCE` at the start of `bytes`, when readable.
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        if case .value(let header, let content) = sequenceHeader(bytes, at: 0) { return UInt64(header) + content }
        return nil
    }

    /// Does `bytes` (the start of a body) look like a PKIMessage? With `total` known (Content-Length)
    /// the outer length must fill it exactly; without it the caller re-checks once the body is complete.
    static func pkiMessageShape(_ bytes: UnsafeRawBufferPointer, total: UInt64?) -> ProbeVerdict {
        switch sequenceHeader(bytes, at: 0) {
        case .needMore: return .needMore
        case .invalid: return .no
        case .value(let outerHeader, let outerContent):
            if let total, UInt64(outerHeader) + outerContent != total { return .no }
            switch sequenceHeader(bytes, at: outerHeader) {
            case .needMore: return .needMore
            case .invalid: return .no
            case .value(let innerHeader, let innerContent):
                guard UInt64(innerHeader) + innerContent <= outerContent else { return .no }
                let pvno = outerHeader + innerHeader
                guard pvno < bytes.count else { return .needMore }
                return bytes[pvno] == 0x02 ? .yes : .no
            }
        }
    }
}
