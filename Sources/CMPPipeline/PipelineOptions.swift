@_exported import CMPAnalysis
import CMPCore
import CMPFilter
import CMPTransport

/// Everything a run of the pipeline is configured with: a value passed in, never global state.
public struct PipelineOptions: Sendable {
    public var limits = Limits()
    /// `-c N`: stop after this many CMP messages.
    public var maxMessages: Int?
    /// `-d tcp.port==N,http|tcpmsg`: decode a port as this transport whatever the heuristics say.
    public var decodeAs: [UInt16: TransportHint] = [:]
    /// Ports where TCP-Messaging is expected without looking (RFC 2510 §5.2's well-known port 829).
    public var tcpMessagingPorts: Set<UInt16> = [829]
    /// `-V`: build the annotated tree of every message (the summary facts are always decoded).
    public var buildTree = false
    /// With `buildTree`: keep the whole text of shortened values too (`DissectionNode.fullValue`,
    /// for JSON output; the text tree shows the short form only).
    public var treeFullValues = true
    /// `-Y`: only messages that match are emitted (and counted by `-c`, as tshark counts what it shows).
    public var displayFilter: DisplayFilter?
    /// `--secret`, `--trusted` and the PBM iteration cap: what the analyzer verifies protection with.
    public var analysis = AnalysisOptions()

    public init() {}

    /// The transport to assume for a connection, from decode-as first (server port, then client
    /// port), then the well-known TCP-Messaging ports; nil lets the content decide.
    func transportHint(client: Endpoint, server: Endpoint) -> TransportHint? {
        if let hint = decodeAs[server.port] ?? decodeAs[client.port] { return hint }
        if tcpMessagingPorts.contains(server.port) { return .tcpMessaging }
        return nil
    }
}
