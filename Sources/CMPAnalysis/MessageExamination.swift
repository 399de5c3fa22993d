import CMPCore

/// The analysis of one message that needs no earlier message: its facts, the URI and message rules
/// and, unless it relies on an earlier message's PBMParameter, its protection check. Made by
/// `CMPAnalyzer.examine`, which is stateless, so the pipeline runs it in its decoding stage on
/// whichever thread has the time (signature verification is most of it); `CMPAnalyzer.analyze`
/// then adds, in message order, what spans messages.
public struct MessageExamination: Sendable {
    var facts: MessageFacts?
    /// The rules' and the protection check's findings, in that order.
    var findings: [Finding]
    /// False for a PasswordBasedMac message without parameters ("same as before", cryptlib): its
    /// check waits for the parameters an earlier message of the transaction sent.
    var protectionChecked: Bool
}
