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
        guard let contentType else {
            self = .missing
            return
        }
        let essence = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch essence.trimmingASCIIWhitespace().lowercased() {
        case "application/pkixcmp": self = .pkixcmp
        case "application/x-pkixcmp": self = .legacy
        case "application/pkixcmp-poll", "application/x-pkixcmp-poll": self = .poll
        default: self = .other
        }
    }

    /// The sender said the body is CMP.
    var isDeclaredCMP: Bool {
        switch self {
        case .pkixcmp, .legacy, .poll: true
        case .other, .missing: false
        }
    }
}
