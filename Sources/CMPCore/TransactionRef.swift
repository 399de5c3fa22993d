/// How a CMP transaction ended, or stands when a message of it is emitted (RFC 9810 §5.3, §5.3.22).
///
/// Output is streamed, so a message carries the outcome *as of itself*: an ir is `incomplete` until
/// its ip arrives; `-z cmp,tx` shows the final value.
public enum TransactionOutcome: String, Hashable, Sendable, CaseIterable {
    /// No answer yet, or the capture ended before one.
    case incomplete
    case accepted
    case grantedWithMods
    case rejected
    /// An error message answered the transaction.
    case error
    /// The response said "waiting": delayed delivery, polling follows (§5.3.22).
    case waiting
}

/// What analysis adds to a message: which transaction it belongs to (DESIGN.md `transaction
/// {index, kind, outcome}`), grouped by transactionID across connections and transports.
public struct TransactionRef: Hashable, Sendable {
    /// 1-based, in the order transactions started.
    public var index: Int
    /// The body type of the transaction's first request (`ir`, `cr`, `kur`, `p10cr`, `rr`, `genm`, …).
    public var kind: String
    public var outcome: TransactionOutcome
    /// The transactionID, when the message carried one.
    public var transactionID: [UInt8]?
    /// Position of the message inside its transaction (1-based).
    public var step: Int
    /// Polling rounds (pollReq sent) so far.
    public var pollingRounds: Int
    /// How the issued certificate was confirmed so far: `certConf`, `certConf+pkiconf`,
    /// `implicitConfirm`, or nil.
    public var confirmation: String?

    public init(index: Int, kind: String, outcome: TransactionOutcome, transactionID: [UInt8]? = nil,
                step: Int = 1, pollingRounds: Int = 0, confirmation: String? = nil) {
        self.index = index
        self.kind = kind
        self.outcome = outcome
        self.transactionID = transactionID
        self.step = step
        self.pollingRounds = pollingRounds
        self.confirmation = confirmation
    }
}
