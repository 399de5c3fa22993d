import CMPCore

/// What `PacketDecoder.decode` makes of one frame.
public enum PacketDecodeResult {
    /// A TCP segment; its payload is borrowed (from the frame, or from the decoder's reassembly
    /// buffer) and valid until the next `decode` call.
    case tcp(TCPSegment)
    /// An IP fragment of a TCP datagram was stored; the datagram is not complete yet.
    case fragmentHeld
    /// Decoded fine but carries no TCP: the protocol's name ("UDP", "ARP", "ICMPv6", "ESP", …).
    case notTCP(String)
    case malformed(PacketError)
}
