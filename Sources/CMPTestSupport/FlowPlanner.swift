/// Plans the packets of one connection: handshake, MSS-sized data segments (a new segment at every
/// application write, as a socket would send them), the configured irregularities, pure ACKs and
/// the closing FINs, with correct sequence and acknowledgement numbers throughout.
struct FlowPlanner {
    private(set) var flow: GeneratedFlow
    private let clientISN: UInt32
    private let serverISN: UInt32
    private let mss: Int
    private let anomalies: AnomalyRates
    private var clientFinished = false
    private var serverFinished = false

    init(flow: GeneratedFlow, mss: Int, anomalies: AnomalyRates, rng: inout SeededGenerator) {
        self.flow = flow
        self.mss = max(1, mss)
        self.anomalies = anomalies
        clientISN = UInt32(truncatingIfNeeded: rng.next())
        serverISN = UInt32(truncatingIfNeeded: rng.next())
    }

    private static let fin: UInt8 = 0x01, syn: UInt8 = 0x02, psh: UInt8 = 0x08, ackFlag: UInt8 = 0x10

    private func seq(fromClient: Bool, offset: Int) -> UInt32 {
        (fromClient ? clientISN : serverISN) &+ 1 &+ UInt32(truncatingIfNeeded: offset)
    }

    /// What `side` acknowledges now: everything the peer has sent (its FIN too).
    private func ack(fromClient: Bool) -> UInt32 {
        let peerCount = fromClient ? flow.serverStream.count : flow.clientStream.count
        let peerFin = fromClient ? serverFinished : clientFinished
        return seq(fromClient: !fromClient, offset: peerCount) &+ (peerFin ? 1 : 0)
    }

    mutating func handshake() {
        flow.packets.append(PlannedPacket(fromClient: true, isUDP: false, flags: Self.syn, seq: clientISN, ack: 0,
                                          start: 0, end: 0))
        flow.packets.append(PlannedPacket(fromClient: false, isUDP: false, flags: Self.syn | Self.ackFlag,
                                          seq: serverISN, ack: clientISN &+ 1, start: 0, end: 0))
        pureAck(fromClient: true)
    }

    mutating func pureAck(fromClient: Bool) {
        let stream = fromClient ? flow.clientStream.count : flow.serverStream.count
        flow.packets.append(PlannedPacket(fromClient: fromClient, isUDP: false, flags: Self.ackFlag,
                                          seq: seq(fromClient: fromClient, offset: stream) &+ 0,
                                          ack: ack(fromClient: fromClient), start: stream, end: stream))
    }

    /// Sends `writes` from one side, each write starting a new segment; `bodies[i]`, when given,
    /// names the CMP message that ends with write `i`.
    mutating func send(fromClient: Bool, writes: [ArraySlice<UInt8>], bodies: [String?] = [],
                       rng: inout SeededGenerator) {
        var segments = [Range<Int>]()
        for (index, write) in writes.enumerated() {
            let base = fromClient ? flow.clientStream.count : flow.serverStream.count
            if fromClient { flow.clientStream.append(contentsOf: write) } else { flow.serverStream.append(contentsOf: write) }
            var offset = base
            let end = base + write.count
            while offset < end {
                let next = min(offset + mss, end)
                segments.append(offset..<next)
                offset = next
            }
            if index < bodies.count, let body = bodies[index] {
                let mark = GeneratedFlow.Mark(end: end, body: body)
                if fromClient { flow.clientMarks.append(mark) } else { flow.serverMarks.append(mark) }
            }
        }
        // The irregularities, applied to the burst in send order.
        var order = [Range<Int>]()
        var index = 0
        while index < segments.count {
            let segment = segments[index]
            if index + 1 < segments.count && rng.chance(anomalies.reorder) {
                order.append(segments[index + 1]); order.append(segment)
                index += 2
                continue
            }
            order.append(segment)
            if rng.chance(anomalies.retransmit) { order.append(segment) }
            if rng.chance(anomalies.overlap) {
                // A retransmission with new boundaries: from the middle of this segment into the
                // next one (or to the end of this one), all bytes already sent or about to be.
                let middle = segment.lowerBound + segment.count / 2
                let upper = index + 1 < segments.count ? segments[index + 1].lowerBound + segments[index + 1].count / 2
                                                       : segment.upperBound
                if index + 1 < segments.count { order.append(segments[index + 1]); index += 1 }
                if upper > middle { order.append(middle..<upper) }
            }
            index += 1
        }
        let last = segments.last?.upperBound
        for range in order {
            let flags = Self.ackFlag | (range.upperBound == last ? Self.psh : 0)
            flow.packets.append(PlannedPacket(fromClient: fromClient, isUDP: false, flags: flags,
                                              seq: seq(fromClient: fromClient, offset: range.lowerBound),
                                              ack: ack(fromClient: fromClient), start: range.lowerBound,
                                              end: range.upperBound))
        }
    }

    /// FIN from `first`, FIN from the other side, last ACK.
    mutating func close(clientFirst: Bool) {
        fin(fromClient: clientFirst)
        fin(fromClient: !clientFirst)
        pureAck(fromClient: clientFirst)
    }

    private mutating func fin(fromClient: Bool) {
        let stream = fromClient ? flow.clientStream.count : flow.serverStream.count
        flow.packets.append(PlannedPacket(fromClient: fromClient, isUDP: false, flags: Self.fin | Self.ackFlag,
                                          seq: seq(fromClient: fromClient, offset: stream),
                                          ack: ack(fromClient: fromClient), start: stream, end: stream))
        if fromClient { clientFinished = true } else { serverFinished = true }
    }

    /// One UDP datagram (no TCP state).
    mutating func datagram(fromClient: Bool, _ payload: ArraySlice<UInt8>) {
        let base = fromClient ? flow.clientStream.count : flow.serverStream.count
        if fromClient { flow.clientStream.append(contentsOf: payload) } else { flow.serverStream.append(contentsOf: payload) }
        flow.packets.append(PlannedPacket(fromClient: fromClient, isUDP: true, flags: 0, seq: 0, ack: 0,
                                          start: base, end: base + payload.count))
    }
}
