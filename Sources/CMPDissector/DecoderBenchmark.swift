import CMPCore
import CMPMessages

/// What the benchmark script calls: decodes each message `rounds` times (summary facts, or the
/// whole tree) and reports messages per second. Not a test: timing belongs to the script.
public enum DecoderBenchmark {
    public enum Work: String, Sendable, CaseIterable {
        /// `CMPSummaryDecoder`: the typed model for DER (the default path).
        case summary
        /// The tolerant walk alone (what BER and damaged messages get).
        case walk
        /// The annotated tree (`-V`).
        case tree
    }

    /// Messages decoded per second over `messages`, each decoded `rounds` times.
    public static func messagesPerSecond(_ messages: [[UInt8]], rounds: Int = 100, work: Work = .summary,
                                         limits: Limits = Limits()) -> Double {
        guard !messages.isEmpty, rounds > 0 else { return 0 }
        let summary = CMPSummaryDecoder(limits: limits)
        let tree = MessageTreeBuilder(limits: limits)
        let clock = ContinuousClock()
        var sink = 0
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for message in messages {
                    switch work {
                    case .summary: sink &+= summary.decode(message).summary.length
                    case .walk: sink &+= summary.decodeTolerant(message).summary.length
                    case .tree: sink &+= tree.build(message).root.children.count
                    }
                }
            }
        }
        let seconds = elapsed.seconds
        guard seconds > 0 else { return 0 }
        return Double(messages.count * rounds + (sink & 0)) / seconds
    }
}
