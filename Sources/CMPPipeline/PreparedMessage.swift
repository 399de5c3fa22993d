import CMPCore
import CMPMessages
import CMPAnalysis

/// A framed message, and the work on it that needs nothing from earlier messages: the summary
/// decode, the per-message analysis (facts, rules, protection: `MessageExamination`) and, with `-V`,
/// the annotated tree. What is left (transactions across messages; `-Y`; output) must run in
/// message order.
/// The unit the two stages of `TwoStageReader` hand over; either stage may do the decoding
/// (`isDecoded`), whichever has the time (see `TwoStageReader`). The result is the same.
struct PreparedMessage: Sendable {
    var envelope: CMPEnvelope
    var isDecoded = false
    var summary: CMPMessageSummary?
    var findings: [Finding]
    var tree: DissectionNode?
    var examination: MessageExamination?

    /// What holding it in a queue costs, roughly, in bytes: the message, its parse and its tree all
    /// grow with its length (measured: a parsed message about 8 times its length, with its tree
    /// about 40 times).
    var weight: Int {
        let length = envelope.pkiMessage?.count ?? 0
        guard isDecoded else { return 256 + length }
        return 256 + length * (tree == nil ? 8 : 40)
    }
}
