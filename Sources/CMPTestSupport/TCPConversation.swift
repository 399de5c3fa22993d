import CMPCore

/// The frames of a whole TCP connection with correct sequence numbers, for reassembly and
/// end-to-end tests. The result is a plain array so a test can reorder, duplicate, drop or mutate
/// frames before feeding them to a source or writing a capture file.
public struct TCPConversation {
    public enum Side: Sendable { case client, server }

    public var client: Endpoint
    public var server: Endpoint
    public var link: LinkLayer
    /// Next sequence number each side sends (starts at its ISN; the SYN consumes one).
    public private(set) var clientNext: UInt32
    public private(set) var serverNext: UInt32
    /// Capture time of the next frame; advanced by `interval` after each one.
    public var clock: Timestamp
    public var intervalNanoseconds: Int64
    public private(set) var frames: [(timestamp: Timestamp, bytes: [UInt8])] = []
    private var ipID: UInt16 = 1

    public init(
        client: Endpoint, server: Endpoint, link: LinkLayer = .ethernet(),
        clientISN: UInt32 = 1000, serverISN: UInt32 = 5000,
        start: Timestamp = Timestamp(seconds: 1_700_000_000, nanoseconds: 0), intervalNanoseconds: Int64 = 1_000_000
    ) {
        self.client = client
        self.server = server
        self.link = link
        self.clientNext = clientISN
        self.serverNext = serverISN
        self.clock = start
        self.intervalNanoseconds = intervalNanoseconds
    }

    /// SYN, SYN-ACK, ACK.
    public mutating func handshake() {
        emit(from: .client, flags: .syn, payload: [], consumes: 1)
        emit(from: .server, flags: [.syn, .ack], payload: [], consumes: 1)
        emit(from: .client, flags: .ack, payload: [], consumes: 0)
    }

    /// Sends `bytes` from `side` in segments of at most `segmentSize` bytes (PSH on the last one).
    public mutating func send(from side: Side, _ bytes: [UInt8], segmentSize: Int = 1460) {
        var offset = 0
        let step = max(1, segmentSize)
        while offset < bytes.count {
            let end = min(offset + step, bytes.count)
            let flags: TCPFlags = end == bytes.count ? [.ack, .psh] : .ack
            emit(from: side, flags: flags, payload: Array(bytes[offset..<end]), consumes: UInt32(end - offset))
            offset = end
        }
    }

    /// A pure ACK from `side` acknowledging everything the peer sent.
    public mutating func ack(from side: Side) { emit(from: side, flags: .ack, payload: [], consumes: 0) }

    /// FIN (with ACK) from `side`; the FIN consumes one sequence number.
    public mutating func fin(from side: Side) { emit(from: side, flags: [.fin, .ack], payload: [], consumes: 1) }

    /// RST from `side`.
    public mutating func rst(from side: Side) { emit(from: side, flags: [.rst, .ack], payload: [], consumes: 0) }

    /// FIN from both sides and the final ACK.
    public mutating func close() {
        fin(from: .client)
        fin(from: .server)
        ack(from: .client)
    }

    /// Appends one segment with explicit fields (for odd cases: wrong seq, data on SYN, …) without
    /// changing the conversation's sequence state.
    public mutating func raw(from side: Side, seq: UInt32, ack: UInt32, flags: TCPFlags, payload: [UInt8]) {
        let (src, dst) = side == .client ? (client, server) : (server, client)
        append(TestPacket.tcp(src: src, dst: dst, seq: seq, ack: ack, flags: flags, payload: payload, ipID: ipID))
    }

    private mutating func emit(from side: Side, flags: TCPFlags, payload: [UInt8], consumes: UInt32) {
        let (src, dst) = side == .client ? (client, server) : (server, client)
        let seq = side == .client ? clientNext : serverNext
        let ackNumber = flags.contains(.ack) ? (side == .client ? serverNext : clientNext) : 0
        append(TestPacket.tcp(src: src, dst: dst, seq: seq, ack: ackNumber, flags: flags, payload: payload, ipID: ipID))
        if side == .client { clientNext &+= consumes } else { serverNext &+= consumes }
    }

    private mutating func append(_ ip: [UInt8]) {
        frames.append((clock, link.wrap(ip)))
        ipID &+= 1
        let total = clock.totalNanoseconds + intervalNanoseconds
        clock = Timestamp(seconds: total / 1_000_000_000, nanoseconds: Int32(total % 1_000_000_000))
    }
}
