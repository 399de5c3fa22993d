import CMPCore
import CMPMessages

/// What the tracker remembers of one open transaction (RFC 9810 §5.3; RFC 9483 §4).
struct TransactionState {
    var index: Int
    var kind: String
    var transactionID: [UInt8]?
    var step = 0
    var outcome = TransactionOutcome.incomplete
    var confirmation: String?
    var pollingRounds = 0
    /// The request waiting for its answer, and its facts the answer is compared with.
    var pendingRequest: PKIBodyType?
    var pendingSenderNonce: [UInt8]?
    var requestSender: String?
    var requestProtection: ProtectionCheck.Kind?
    var requestPvno: Int?
    var requestCertReqIds: [Int] = []
    /// The first request's body type, which answers (and later labels) follow.
    var firstRequest: PKIBodyType?
    var lastResponseSenderNonce: [UInt8]?
    var senderNonces = Set<ByteKey>()
    var implicitConfirmRequested = false
    /// Certificates issued in the clear, by certReqId, with their signatureAlgorithm, for certConf's certHash.
    var issued: [Int: (der: [UInt8], signatureOID: String?)] = [:]

    /// Nonces remembered per transaction: enough for any real polling sequence, bounded for hostile ones.
    static let maxRememberedNonces = 64
    /// Certificates remembered per transaction (RFC 9483 allows one; RFC 9810 any number).
    static let maxRememberedCertificates = 16

    /// Answered, and confirmed if a certificate needed it: later messages cannot change the outcome.
    var isFinished: Bool {
        guard pendingRequest == nil, outcome != .incomplete, outcome != .waiting else { return false }
        return confirmation == nil || confirmation == "certConf+pkiconf" || confirmation == "implicitConfirm"
    }

    var ref: TransactionRef {
        TransactionRef(index: index, kind: kind, outcome: outcome, transactionID: transactionID, step: step,
                       pollingRounds: pollingRounds, confirmation: confirmation)
    }
}
