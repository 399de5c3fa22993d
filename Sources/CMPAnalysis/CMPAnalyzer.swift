import CMPCore

/// The analysis stage (DESIGN.md "Analyzer"): per-message rules, protection verification and
/// transaction tracking, run on each decoded message in output order. Stateful (transactions span
/// messages) and deterministic: the same messages give the same findings.
public struct CMPAnalyzer: Sendable {
    public var options: AnalysisOptions
    private var tracker = TransactionTracker()

    public init(options: AnalysisOptions = AnalysisOptions()) {
        self.options = options
    }

    /// Adds the analyzer's findings (after the transport and decoding ones) and the transaction.
    public mutating func analyze(_ message: inout DissectedMessage) {
        guard let summary = message.summary, let der = message.envelope.pkiMessage else { return }
        let facts = MessageFacts.parse(der, length: summary.length)
        var findings = HTTPURIRules.check(message.envelope, body: summary.body)
        findings += MessageRules.check(summary, facts: facts, der: der)
        findings += ProtectionCheck.check(summary, facts: facts, options: options)
        message.transaction = tracker.track(summary, facts: facts, envelope: message.envelope, findings: &findings)
        message.findings += findings
    }

    /// The transactions seen so far, as their messages last reported them.
    public var transactions: [TransactionRef] { tracker.states.map(\.ref) }
}
