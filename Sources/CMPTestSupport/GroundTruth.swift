/// What a generated capture contains, as the generator planned it: every CMP message with the
/// frame that completes it, counted by body type and transport, plus the traffic totals.
public struct GroundTruth: Sendable {
    public struct Message: Hashable, Sendable {
        /// 1-based frame number of the packet that completes the message.
        public var frame: Int
        public var body: String
        /// "http" or "tcpmsg".
        public var transport: String
    }

    public var frames = 0
    public var fileBytes = 0
    public var cmpFrameBytes = 0
    public var otherFrameBytes = 0
    public var cmpConnections = 0
    public var otherFlows = 0
    public var messageCount = 0
    public var byBody: [String: Int] = [:]
    public var byTransport: [String: Int] = [:]
    public var byBodyAndTransport: [String: Int] = [:]
    public var tcpMessagingPorts: [UInt16] = []
    public var httpPorts: [UInt16] = []

    public init() {}

    mutating func count(_ message: Message) {
        messageCount += 1
        byBody[message.body, default: 0] += 1
        byTransport[message.transport, default: 0] += 1
        byBodyAndTransport[message.body + "/" + message.transport, default: 0] += 1
    }

    /// A small JSON object with sorted keys (stable across runs, diffable).
    public var json: String {
        func object(_ counts: [String: Int]) -> String {
            "{" + counts.keys.sorted().map { "\"\($0)\": \(counts[$0] ?? 0)" }.joined(separator: ", ") + "}"
        }
        let nonCMPShare = frames == 0 ? 0 : Double(otherFrameBytes) / Double(max(1, cmpFrameBytes + otherFrameBytes))
        return """
            {
              "frames": \(frames),
              "file_bytes": \(fileBytes),
              "cmp_frame_bytes": \(cmpFrameBytes),
              "other_frame_bytes": \(otherFrameBytes),
              "non_cmp_share": \((nonCMPShare * 1000).rounded() / 1000),
              "cmp_connections": \(cmpConnections),
              "other_flows": \(otherFlows),
              "messages": \(messageCount),
              "by_transport": \(object(byTransport)),
              "by_body": \(object(byBody)),
              "by_body_transport": \(object(byBodyAndTransport)),
              "tcpmsg_ports": [\(tcpMessagingPorts.map(String.init).joined(separator: ", "))],
              "http_ports": [\(httpPorts.map(String.init).joined(separator: ", "))]
            }

            """
    }
}
