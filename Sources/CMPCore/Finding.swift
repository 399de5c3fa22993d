/// How noteworthy a finding is, with tshark's expert-info levels.
public enum Severity: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case chat = 0
    case note = 1
    case warning = 2
    case error = 3

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .chat: "chat"
        case .note: "note"
        case .warning: "warning"
        case .error: "error"
        }
    }

    public init?(name: String) {
        guard let match = Severity.allCases.first(where: { $0.description == name }) else { return nil }
        self = match
    }
}

/// A stable, dotted lower-case finding id (`cmp.header.transaction-id.missing`).
///
/// Once published a code never changes meaning (DESIGN.md); the catalogue of codes with their
/// default severity and reference is `FindingCatalogue`.
public struct FindingCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a finding points. Findings about a message point into its PKIMessage; transport findings
/// point into the stream (offset since the start of that direction) or into a frame.
public enum FindingLocation: Hashable, Sendable {
    case message(ByteRange)
    case stream(offset: UInt64)
    case frame(number: Int, offset: Int)
    case none

    /// The single offset that JSON's `offset` key reports.
    public var offset: UInt64? {
        switch self {
        case .message(let range): UInt64(Swift.max(0, range.lowerBound))
        case .stream(let offset): offset
        case .frame(_, let offset): UInt64(Swift.max(0, offset))
        case .none: nil
        }
    }

    /// The coordinate space of `offset`: "message", "stream" or "frame".
    public var scope: String? {
        switch self {
        case .message: "message"
        case .stream: "stream"
        case .frame: "frame"
        case .none: nil
        }
    }
}

/// "Decoded, but noteworthy": a code, a severity, a sentence and where it points.
public struct Finding: Hashable, Sendable {
    public var code: FindingCode
    public var severity: Severity
    public var message: String
    public var location: FindingLocation

    public init(_ code: FindingCode, _ severity: Severity, _ message: String, at location: FindingLocation = .none) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// A finding with the catalogue's default severity for `code`.
    public init(_ code: FindingCode, _ message: String, at location: FindingLocation = .none) {
        self.init(code, FindingCatalogue.entry(for: code)?.severity ?? .note, message, at: location)
    }
}
