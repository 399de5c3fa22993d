import CMPCore

/// What renderers need besides the message: the time origin for relative times.
public struct RenderContext: Sendable {
    /// Timestamp of the capture's first frame (tshark's reference for relative time).
    public var captureStart: Timestamp?
    /// Lowest severity shown in the summary line's bracket (warnings and errors by default, as a
    /// clean exchange must read clean).
    public var summaryFindingThreshold: Severity

    public init(captureStart: Timestamp? = nil, summaryFindingThreshold: Severity = .warning) {
        self.captureStart = captureStart
        self.summaryFindingThreshold = summaryFindingThreshold
    }

    /// A message's capture time; messages read from files have none.
    static func timestamp(of envelope: CMPEnvelope) -> Timestamp? {
        if case .file = envelope.transport { return nil }
        return envelope.completingFrame?.timestamp
    }

    func relativeTime(_ timestamp: Timestamp?) -> String? {
        guard let timestamp else { return nil }
        return timestamp.relativeSeconds(since: captureStart ?? timestamp)
    }
}
