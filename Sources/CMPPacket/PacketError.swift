import CMPCore

/// Why a frame could not be decoded down to TCP: the layer, the frame offset where decoding
/// stopped, and a reason for humans (etherparse-style: as far as possible, then the stop point).
public struct PacketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// "ethernet", "vlan", "sll", "sll2", "null", "loop", "raw", "ipv4", "ipv6", "tcp".
    public var layer: String
    /// Offset in the frame (for a reassembled IP datagram: where that datagram's fragment payload
    /// started in the frame that completed it).
    public var offset: Int
    public var reason: String

    public init(layer: String, offset: Int, reason: String) {
        self.layer = layer
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(layer) at offset \(offset): \(reason)" }
}
