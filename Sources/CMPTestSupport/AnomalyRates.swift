/// Per-segment probabilities of the TCP irregularities real captures show, so reassembly is
/// exercised: swapped neighbours, exact retransmissions, and retransmissions with new boundaries
/// that overlap delivered bytes.
public struct AnomalyRates: Sendable {
    public var reorder: Double
    public var retransmit: Double
    public var overlap: Double

    public init(reorder: Double = 0.02, retransmit: Double = 0.01, overlap: Double = 0.01) {
        self.reorder = reorder
        self.retransmit = retransmit
        self.overlap = overlap
    }
}
