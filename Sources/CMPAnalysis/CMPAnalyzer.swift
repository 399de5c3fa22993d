import CMPCore
import CMPMessages
import SwiftASN1

/// The analysis stage (DESIGN.md "Analyzer"): per-message rules, protection verification and
/// transaction tracking, run on each decoded message in output order. Stateful (transactions span
/// messages) and deterministic: the same messages give the same findings.
public struct CMPAnalyzer: Sendable {
    public var options: AnalysisOptions
    private var tracker = TransactionTracker()
    /// The last PBMParameter of each transactionID and sender, for messages that say "same as
    /// before" with NULL parameters (cryptlib). Bounded: emptied when full.
    private var lastPBM: [PBMKey: PBMParameter] = [:]
    static let maxRememberedPBM = 4096
    /// extraCerts parsed lately (see `ProtectionCheck.CertificateCache`).
    private let certificates = ProtectionCheck.CertificateCache(capacity: 256)
    /// The OIDs' texts the facts read lately (algorithms, info types).
    private let oids = OIDTextCache()

    struct PBMKey: Hashable, Sendable {
        var transactionID: [UInt8]
        var sender: String

        /// The transactionID as one block of bytes: the synthesized hash fed it to the hasher byte by byte.
        func hash(into hasher: inout Hasher) {
            transactionID.withUnsafeBytes { hasher.combine(bytes: $0) }
            hasher.combine(sender)
        }
    }

    public init(options: AnalysisOptions = AnalysisOptions()) {
        self.options = options
    }

    /// Adds the analyzer's findings (after the transport and decoding ones) and the transaction.
    /// `parsed` is the summary decoder's DER parse of the message (`DecodedSummary.root`), if any.
    public mutating func analyze(_ message: inout DissectedMessage, parsed: ASN1Node? = nil) {
        let examination = examine(message.envelope, summary: message.summary, parsed: parsed)
        analyze(&message, examined: examination)
    }

    /// The per-message part of `analyze`, which any thread may run ahead (see `MessageExamination`);
    /// nil when the message has no PKIMessage to examine.
    public func examine(_ envelope: CMPEnvelope, summary: CMPMessageSummary?, parsed: ASN1Node?) -> MessageExamination? {
        guard let summary, let der = envelope.pkiMessage else { return nil }
        let facts = MessageFacts.parse(der, length: summary.length, parsed: parsed, oids: oids)
        var findings = HTTPURIRules.check(envelope, body: summary.body)
        findings += MessageRules.check(summary, facts: facts, der: der)
        let needsEarlierPBM = facts.map { $0.pbm == nil && $0.protectionAlg?.oid == OID.passwordBasedMac } ?? false
        if !needsEarlierPBM {
            findings += ProtectionCheck.check(summary, facts: facts, options: options, certificates: certificates)
        }
        return MessageExamination(facts: facts, findings: findings, protectionChecked: !needsEarlierPBM)
    }

    /// The in-order part of `analyze`: the PBMParameter memory and the transactions, over a message
    /// `examine` (of this analyzer or another with the same options) has examined.
    public mutating func analyze(_ message: inout DissectedMessage, examined examination: MessageExamination?) {
        guard let summary = message.summary, let examination else {
            message.transaction = tracker.trackHTTPError(message.envelope)
            return
        }
        let facts = examination.facts
        var findings = examination.findings
        let key = summary.transactionID.map { PBMKey(transactionID: $0, sender: summary.sender ?? "") }
        if let key, let pbm = facts?.pbm {
            // A transaction repeats its parameters with every message: store them only when they change.
            if lastPBM[key].map({ !$0.hasSameValue(as: pbm) }) ?? true {
                if lastPBM.count >= Self.maxRememberedPBM { lastPBM.removeAll(keepingCapacity: true) }
                lastPBM[key] = pbm.detached
            }
        }
        if !examination.protectionChecked {
            findings += ProtectionCheck.check(summary, facts: facts, options: options, earlierPBM: key.flatMap { lastPBM[$0] },
                                              certificates: certificates)
        }
        message.transaction = tracker.track(summary, facts: facts, envelope: message.envelope, findings: &findings)
        message.findings += findings
    }

    /// The transactions seen so far, as their messages last reported them.
    public var transactions: [TransactionRef] { tracker.states.map(\.ref) }
}
