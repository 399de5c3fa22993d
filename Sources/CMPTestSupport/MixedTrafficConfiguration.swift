/// What `MixedTrafficGenerator` produces: size, seed, traffic mix and irregularities. The defaults
/// are the benchmark's (80% of the bytes not CMP, as on a network where CMP is a small share).
public struct MixedTrafficConfiguration: Sendable {
    /// Stop starting new connections once the capture has this many bytes (the open ones finish,
    /// so the file is a little larger).
    public var targetBytes: Int
    public var seed: UInt64
    /// Share of frame bytes that belong to non-CMP traffic (web pages, TLS, SSH, DNS, QUIC-like UDP).
    public var nonCMPShare: Double = 0.8
    /// Connections open at the same time, interleaved packet by packet.
    public var concurrency: Int = 48
    /// Share of connections over IPv6, and of connections carried in an 802.1Q VLAN.
    public var ipv6Share: Double = 0.12
    public var vlanShare: Double = 0.1
    public var anomalies = AnomalyRates()
    /// CMP over HTTP on 80, 8080 and this port; TCP-Messaging on 829 and this port (tshark and
    /// cmpdissect need `-d tcp.port==N,...` for the unusual ones).
    public var unusualHTTPPort: UInt16 = 18080
    public var unusualTCPMessagingPort: UInt16 = 18290

    public init(targetBytes: Int, seed: UInt64 = 1) {
        self.targetBytes = targetBytes
        self.seed = seed
    }
}
