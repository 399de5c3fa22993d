import CMPCore
import CMPMessages
import SwiftASN1

/// Groups messages into transactions by transactionID — across connections and transports — and
/// checks what only a sequence shows: nonces (RFC 9810 §5.1.1), response types (§5.3, RFC 9483 §5.1),
/// implicit confirmation (§5.1.1.1), certConf hashes (§5.3.18) and polling (§5.3.22).
///
/// A response without the request's transactionID (Insta answers unparsable requests so) is put with
/// the request still waiting on the same connection, so the mismatch is reported, not hidden.
struct TransactionTracker {
    private(set) var states: [TransactionState] = []
    /// Keyed by the bytes hashed as one block (an array of bytes is hashed byte by byte).
    private var byTransactionID: [ByteKey: Int] = [:]
    /// Connection → transaction whose request waits for an answer there.
    private var waiting: [Int: Int] = [:]

    /// Transactions remembered; past this the oldest half is forgotten (their ids may then start a
    /// new transaction), so a capture of millions of transactions stays bounded. 32,768 keeps the
    /// tracker near 15 MiB at most (about 500 bytes a transaction) and peak memory under 64 MiB at
    /// 1 GB of capture; a CA seldom has that many transactions open at once.
    static let maxTransactions = 32_768

    enum Role { case request, response, announcement }

    static func role(of body: PKIBodyType, direction: Direction?, hasWaitingRequest: Bool) -> Role {
        switch body {
        case .ir, .cr, .p10cr, .kur, .krr, .ccr, .rr, .genm, .certConf, .pollReq, .popdecr: return .request
        case .ip, .cp, .kup, .krp, .ccp, .rp, .genp, .pkiconf, .pollRep, .popdecc: return .response
        case .ckuann, .cann, .rann, .crlann: return .announcement
        default:
            if let direction { return direction == .serverToClient ? .response : .request }
            return hasWaitingRequest ? .response : .request
        }
    }

    static func isInitialRequest(_ body: PKIBodyType) -> Bool {
        [.ir, .cr, .p10cr, .kur, .krr, .ccr, .rr, .genm, .nested].contains(body)
    }

    /// The bodies that answer `request` besides `error` (RFC 9810 §5.3; RFC 9483 §5.1).
    static func answers(to request: PKIBodyType, first: PKIBodyType?) -> [PKIBodyType] {
        switch request {
        case .ir: [.ip]
        case .cr, .p10cr: [.cp]
        case .kur: [.kup]
        case .krr: [.krp]
        case .ccr: [.ccp]
        case .rr: [.rp]
        case .genm: [.genp]
        case .nested: [.nested]
        case .certConf, .error: [.pkiconf]
        case .popdecr: [.ip, .cp, .kup, .ccp]
        case .pollReq: [.pollRep] + (first.map { answers(to: $0, first: nil) } ?? [.ip, .cp, .kup, .ccp])
        default: []
        }
    }

    mutating func track(_ summary: CMPMessageSummary, facts: MessageFacts?, envelope: CMPEnvelope,
                        findings: inout [Finding]) -> TransactionRef? {
        guard let body = summary.body else { return nil }
        let connection = envelope.connectionIndex ?? -1
        let pendingHere = waiting[connection]
        let role = Self.role(of: body, direction: envelope.direction, hasWaitingRequest: pendingHere != nil)
        let at = MessageRules.headerRange(facts)

        // Which transaction.
        var index: Int?
        if let tid = summary.transactionID, let known = byTransactionID[ByteKey(tid[...])] {
            index = known
            if role == .request, Self.isInitialRequest(body), states[known].pendingRequest == nil, states[known].step > 0 {
                index = nil   // the id starts a new transaction after the old one ended
            }
        }
        if index == nil, role == .response, let pendingHere {
            index = pendingHere
            let expected = states[pendingHere].transactionID.map(Hex.string) ?? "none"
            findings.append(Finding(.txTransactionIDMismatch,
                                    "transactionID \(summary.transactionID.map(Hex.string) ?? "missing") does not echo the request's \(expected)",
                                    at: at))
        }
        let isNew = index == nil
        let current = index ?? startTransaction(kind: body, transactionID: summary.transactionID)
        var state = takeState(current)
        state.step += 1

        checkNonces(summary, state: &state, role: role, isNew: isNew, at: at, findings: &findings)
        let protection = ProtectionCheck.kind(of: summary.protectionAlgorithm)
        switch role {
        case .request, .announcement:
            request(body, summary: summary, facts: facts, protection: protection, state: &state, at: at, findings: &findings)
            if role == .request { waiting[connection] = current }
        case .response:
            response(body, summary: summary, facts: facts, protection: protection, state: &state, at: at, findings: &findings)
            if waiting[connection] == current { waiting[connection] = nil }
        }
        if state.isFinished {
            // Nothing later in the transaction needs them: keep a finished transaction small.
            state.issued = [:]
            state.senderNonces = []
        }
        states[current] = state
        return state.ref
    }

    /// An HTTP error status without a PKIMessage answering a waiting request (Insta's 503, EJBCA's
    /// 400/404): the transaction ends in `error` there.
    mutating func trackHTTPError(_ envelope: CMPEnvelope) -> TransactionRef? {
        guard let http = envelope.transport.http, http.kind == .response, let status = http.status, status >= 400,
              let current = waiting[envelope.connectionIndex ?? -1] else { return nil }
        waiting[envelope.connectionIndex ?? -1] = nil
        states[current].step += 1
        states[current].pendingRequest = nil
        states[current].outcome = .error
        return states[current].ref
    }

    /// The state at `index`, moved out of the array (a placeholder stays) until `track` stores it
    /// back: a copy would share its nonce set and certificates with the array's, and copy them
    /// whole on the first change.
    private mutating func takeState(_ index: Int) -> TransactionState {
        var state = TransactionState(index: 0, kind: "", transactionID: nil)
        swap(&state, &states[index])
        return state
    }

    private mutating func startTransaction(kind: PKIBodyType, transactionID: [UInt8]?) -> Int {
        if states.count >= Self.maxTransactions { forgetOldest() }
        let index = (states.last?.index ?? 0) + 1
        states.append(TransactionState(index: index, kind: kind.name, transactionID: transactionID))
        if let transactionID { byTransactionID[ByteKey(transactionID[...])] = states.count - 1 }
        return states.count - 1
    }

    /// Drops the older half of the remembered transactions (indices keep counting up).
    private mutating func forgetOldest() {
        let drop = states.count / 2
        states.removeFirst(drop)
        byTransactionID = byTransactionID.compactMapValues { $0 >= drop ? $0 - drop : nil }
        waiting = waiting.compactMapValues { $0 >= drop ? $0 - drop : nil }
    }

    private func checkNonces(_ summary: CMPMessageSummary, state: inout TransactionState, role: Role, isNew: Bool,
                             at: FindingLocation, findings: inout [Finding]) {
        if let nonce = summary.senderNonce {
            if state.senderNonces.contains(ByteKey(nonce[...])) {
                findings.append(Finding(.txSenderNonceReused, "senderNonce \(Hex.string(nonce)) was used earlier in this transaction", at: at))
            } else if state.senderNonces.count < TransactionState.maxRememberedNonces {
                state.senderNonces.insert(ByteKey(nonce[...]))
            }
        }
        if isNew {
            // Only an operation's first request: a capture that starts mid-transaction begins with a
            // certConf or pollReq that rightly carries a recipNonce.
            if role == .request, let body = summary.body, Self.isInitialRequest(body), let recip = summary.recipNonce {
                findings.append(Finding(.recipNonceInFirstMessage, "recipNonce \(Hex.string(recip)) in the transaction's first message", at: at))
            }
            return
        }
        let expected = role == .response ? state.pendingSenderNonce : state.lastResponseSenderNonce
        guard let expected else { return }
        if summary.recipNonce != expected {
            findings.append(Finding(.txRecipNonceMismatch,
                                    "recipNonce \(summary.recipNonce.map(Hex.string) ?? "missing") is not the peer's senderNonce \(Hex.string(expected))",
                                    at: at))
        }
    }

    private func request(_ body: PKIBodyType, summary: CMPMessageSummary, facts: MessageFacts?, protection: ProtectionCheck.Kind?,
                         state: inout TransactionState, at: FindingLocation, findings: inout [Finding]) {
        if state.firstRequest == nil, Self.isInitialRequest(body) {
            state.firstRequest = body
            state.implicitConfirmRequested = facts?.implicitConfirm() != nil
            state.requestCertReqIds = summary.certReqIds
        }
        state.pendingRequest = body
        state.pendingSenderNonce = summary.senderNonce
        state.requestSender = summary.sender
        state.requestProtection = protection
        state.requestPvno = summary.pvno
        switch body {
        case .pollReq:
            state.pollingRounds += 1
            findings.append(Finding(.txPolling, "polling round \(state.pollingRounds)", at: at))
        case .certConf:
            state.confirmation = "certConf"
            if let facts { checkCertConf(facts, state: state, findings: &findings) }
        default:
            break
        }
    }

    private func response(_ body: PKIBodyType, summary: CMPMessageSummary, facts: MessageFacts?, protection: ProtectionCheck.Kind?,
                          state: inout TransactionState, at: FindingLocation, findings: inout [Finding]) {
        if let request = state.pendingRequest {
            let expected = Self.answers(to: request, first: state.firstRequest)
            if body != .error, !expected.contains(body) {
                findings.append(Finding(.txResponseTypeMismatch,
                                        "\(body.name) answers \(request.name) (expected \((expected.map(\.name) + ["error"]).joined(separator: " or ")))",
                                        at: at))
            }
            if let sender = state.requestSender, let recipient = summary.recipient, !sender.isEmpty, !recipient.isEmpty,
               sender != recipient {
                findings.append(Finding(.txSenderRecipientMismatch, "recipient \(recipient) is not the request's sender \(sender)", at: at))
            }
            if let before = state.requestPvno, let now = summary.pvno, before != now {
                findings.append(Finding(.txPvnoMismatch, "pvno \(now) answers a pvno \(before) \(request.name)", at: at))
            }
            if let before = state.requestProtection, let now = protection, before != now, before != .other, now != .other {
                findings.append(Finding(.protectionKindChanged, "\(request.name) was \(before.rawValue)-protected, \(body.name) is \(now.rawValue)-protected",
                                        at: at))
            }
        }
        state.pendingRequest = nil
        state.lastResponseSenderNonce = summary.senderNonce
        let statuses = summary.statuses
        switch body {
        case .ip, .cp, .kup, .ccp, .krp:
            checkCertReqIds(body, summary: summary, facts: facts, state: state, findings: &findings)
            state.outcome = Self.outcome(of: statuses)
            if state.outcome == .waiting {
                findings.append(Finding(.txPolling, "\(body.name) says waiting: delayed delivery", at: at))
            }
            if let facts {
                for response in facts.responses {
                    if let id = response.certReqId, let certificate = response.certificate,
                       state.issued.count < TransactionState.maxRememberedCertificates {
                        state.issued[id] = (Array(certificate), response.certificateSignatureOID)
                    }
                }
                let implicit = facts.implicitConfirm() != nil
                if implicit, !state.implicitConfirmRequested {
                    findings.append(Finding(.txImplicitConfirmUnrequested, "\(body.name) grants implicitConfirm, which the request did not ask for",
                                            at: at))
                }
                let issuesCertificate = facts.responses.contains { $0.certificate != nil && ($0.status == 0 || $0.status == 1) }
                if issuesCertificate {
                    state.confirmation = implicit ? "implicitConfirm" : "awaiting"
                }
            }
        case .rp, .genp:
            state.outcome = Self.outcome(of: statuses)
        case .pkiconf:
            if state.confirmation == "certConf" || state.confirmation == "awaiting" { state.confirmation = "certConf+pkiconf" }
            if state.outcome == .incomplete { state.outcome = .accepted }
        case .error:
            state.outcome = statuses.contains(.waiting) ? .waiting : .error
        case .pollRep:
            state.outcome = .waiting
        default:
            break
        }
    }

    static func outcome(of statuses: [PKIStatus]) -> TransactionOutcome {
        if statuses.contains(.waiting) { return .waiting }
        if statuses.contains(.rejection) { return .rejected }
        if statuses.contains(.grantedWithMods) { return .grantedWithMods }
        return .accepted
    }

    /// RFC 9810 §5.3.4: certReqId -1 answers a p10cr; otherwise the request's certReqIds.
    private func checkCertReqIds(_ body: PKIBodyType, summary: CMPMessageSummary, facts: MessageFacts?,
                                 state: TransactionState, findings: inout [Finding]) {
        guard let first = state.firstRequest else { return }
        for (position, id) in summary.certReqIds.enumerated() {
            let range = facts.flatMap { position < $0.responses.count ? $0.responses[position].range : nil }
            let at = range.map { FindingLocation.message($0) } ?? .none
            if first == .p10cr {
                if id != -1 {
                    findings.append(Finding(.certReqIdUnexpected, "certReqId \(id) answering p10cr (RFC 9810: -1)", at: at))
                }
            } else if !state.requestCertReqIds.isEmpty, !state.requestCertReqIds.contains(id) {
                findings.append(Finding(.certReqIdUnexpected, "certReqId \(id) was not requested", at: at))
            }
        }
    }

    /// certHash = hash of the certificate's DER with the certificate's signature hash, or with
    /// hashAlg when present (RFC 9810 §5.3.18; EdDSA per RFC 9481 §3.3).
    private func checkCertConf(_ facts: MessageFacts, state: TransactionState, findings: inout [Finding]) {
        for status in facts.certStatuses {
            guard let id = status.certReqId, let issued = state.issued[id] else { continue }
            let algorithm: DigestAlgorithm?
            if let hashAlg = status.hashAlg {
                algorithm = DigestAlgorithm(hashOID: hashAlg.oid)
            } else {
                algorithm = issued.signatureOID.flatMap { DigestAlgorithm(signatureOID: $0) }
            }
            guard let algorithm else { continue }
            let hash = algorithm.hash(issued.der)
            if hash[...] != status.certHash {
                findings.append(Finding(.txCertConfHashMismatch,
                                        "certHash \(Hex.string(status.certHash)) is not the \(algorithm.name) of certificate \(id) (\(Hex.string(hash)))",
                                        at: .message(status.range)))
            }
        }
    }
}
