/// TCP header flags (RFC 9293 §3.1), as an option set over the flags byte.
public struct TCPFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
    public static let urg = TCPFlags(rawValue: 0x20)
}

/// A TCP segment as the packet decoder hands it to the reassembler.
///
/// `payload` is **borrowed** like `Frame.bytes`: it points into the frame (or into the packet
/// decoder's IP-fragment buffer) and is valid only until the next frame is decoded.
public struct TCPSegment {
    public var frame: FrameRef
    public var source: Endpoint
    public var destination: Endpoint
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    public var flags: TCPFlags
    public var window: UInt16
    public var payload: UnsafeRawBufferPointer
    /// Offset of the first payload byte in the frame (for hex dumps and `-w`), or nil when the
    /// payload came from a reassembled IP datagram.
    public var payloadOffsetInFrame: Int?

    public init(
        frame: FrameRef, source: Endpoint, destination: Endpoint, sequenceNumber: UInt32,
        acknowledgmentNumber: UInt32, flags: TCPFlags, window: UInt16,
        payload: UnsafeRawBufferPointer, payloadOffsetInFrame: Int?
    ) {
        self.frame = frame
        self.source = source
        self.destination = destination
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.window = window
        self.payload = payload
        self.payloadOffsetInFrame = payloadOffsetInFrame
    }

    public var flowKey: FlowKey { FlowKey(source, destination) }
}
