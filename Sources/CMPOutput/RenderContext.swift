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

    /// `timestamp` in seconds since the capture's start (the message's own time is the origin
    /// when the start is unknown), appended as ASCII.
    func appendRelativeTime(_ timestamp: Timestamp, to bytes: inout [UInt8]) {
        timestamp.appendRelativeSeconds(since: captureStart ?? timestamp, to: &bytes)
    }
}
