/// What an HTTP Content-Type says about the body (cmp-wire-and-oddities.md §1.5). Compared
/// case-insensitively with parameters dropped (RFC 9110 §8.3.1), although OpenSSL's client insists
/// on an exact `application/pkixcmp`.
enum HTTPMediaType: Equatable {
    /// `application/pkixcmp`: RFC 9811 §3.2.
    case pkixcmp
    /// `application/x-pkixcmp`: pre-registration legacy.
    case legacy
    /// `application/pkixcmp-poll` or `application/x-pkixcmp-poll`: early CMPtrans drafts, possibly
    /// with a TCP-Messaging header inside the body.
    case poll
    case other
    case missing

    init(contentType: String?) {
        guard var contentType else {
            self = .missing
            return
        }
        // Byte by byte over the UTF-8: split, trim and lowercase made three strings per message.
        self = contentType.withUTF8 { bytes in
            let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            let essence = UnsafeBufferPointer(rebasing: bytes[HTTPOWS.trimmed(bytes, bytes.startIndex..<end)])
            for (name, type) in Self.names where Self.equalIgnoringASCIICase(essence, name) { return type }
            return .other
        }
    }

    private static let names: [(name: StaticString, type: HTTPMediaType)] = [
        ("application/pkixcmp", .pkixcmp), ("application/x-pkixcmp", .legacy),
        ("application/pkixcmp-poll", .poll), ("application/x-pkixcmp-poll", .poll),
    ]

    /// `name` is lower case.
    private static func equalIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lower != expected[index] { return false }
        }
        return true
    }

    /// The sender said the body is CMP.
    var isDeclaredCMP: Bool {
        switch self {
        case .pkixcmp, .legacy, .poll: true
        case .other, .missing: false
        }
    }
}
