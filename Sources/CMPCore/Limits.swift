/// Every resource bound of the pipeline in one value, so hostile captures meet the same limits
/// everywhere and tests can shrink them. Each limit, when hit, produces a finding.
public struct Limits: Sendable {
    /// Largest PDU (HTTP body or TCP-Messaging value) we frame. 16 MiB, not Wireshark's 10000 bytes:
    /// certificate chains and caPubs easily exceed 10 kB. Finding `pdu.limit`.
    public var maxPDUSize = 16 * 1024 * 1024
    /// In-order bytes buffered per direction waiting for a PDU to complete (PDU plus its headers).
    public var maxBufferedBytesPerDirection = 16 * 1024 * 1024 + 64 * 1024
    /// Out-of-order bytes held per direction while waiting for a hole to fill; past this the hole is
    /// declared lost (`tcp.gap`) instead of buffering without end.
    public var maxOutOfOrderBytesPerDirection = 4 * 1024 * 1024
    /// Out-of-order segments held per direction (bounds bookkeeping for tiny segments).
    public var maxOutOfOrderSegmentsPerDirection = 4096
    /// Bytes buffered over all flows (in-order plus out-of-order). Finding `tcp.limit`.
    public var maxBufferedBytesTotal = 48 * 1024 * 1024
    /// Connections tracked at once; the least recently active one is flushed and forgotten past this.
    public var maxFlows = 65_536
    /// A connection idle this long (capture time) is flushed and forgotten.
    public var flowIdleTimeoutSeconds: Int64 = 300
    /// HTTP request/status line plus headers. Finding `http.malformed`.
    public var maxHTTPHeaderBytes = 64 * 1024
    /// Bytes of a flow's start examined before deciding it carries no CMP.
    public var classificationWindow = 1024
    /// Bytes of IP datagrams held for fragment reassembly, and datagrams at once.
    public var maxFragmentBytes = 4 * 1024 * 1024
    public var maxFragmentDatagrams = 1024
    /// ASN.1 nesting depth the decoders follow.
    public var maxASN1Depth = 64

    public init() {}
}
