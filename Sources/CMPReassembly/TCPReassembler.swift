import CMPCore

/// Turns TCP segments, in capture order, into per-direction in-order byte streams.
///
/// Handles out-of-order arrival, retransmissions and overlaps (the first copy wins; differing bytes
/// give `tcp.overlap.conflict`), sequence-number wraparound, connections captured mid-stream, lost
/// segments (an explicit gap, as gopacket's reassembly reports "skipped N bytes"), FIN and RST, and
/// reuse of a 4-tuple by a new SYN. Every buffer is bounded by `Limits`; when a limit forces data
/// out, the consumer gets a gap and a `tcp.limit` finding instead of unbounded memory.
///
/// One dictionary lookup per segment; payload bytes are copied once, into the direction's
/// `StreamBuffer` (or into a pending segment when they arrive early), and not at all for
/// connections the consumer has declared non-CMP.
public struct TCPReassembler {
    public let limits: Limits
    private var flows: [FlowState] = []
    private var freeSlots: [Int] = []
    private var slotByKey: [FlowKey: Int] = [:]
    private var totalBuffered = 0
    private var segmentsSinceSweep = 0
    private var lastSweep: Timestamp?

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Connections currently tracked.
    public var activeFlowCount: Int { slotByKey.count }
    /// Bytes held over all connections.
    public var bufferedBytes: Int { totalBuffered }

    // MARK: - Ingest

    public mutating func ingest<Consumer: StreamConsumer>(_ segment: TCPSegment, into consumer: inout Consumer) {
        let key = segment.flowKey
        var slot: Int
        if let existing = slotByKey[key] {
            slot = existing
            if segment.flags.contains(.syn), !segment.flags.contains(.ack), isNewConnection(slot: slot, syn: segment) {
                close(slot: slot, into: &consumer)
                slot = open(segment, into: &consumer)
            }
        } else {
            // No payload and no SYN, FIN or RST, for a connection not in the table: the last ACK
            // of a connection already closed (every connection sends one after the FINs), or a
            // keep-alive of one captured mid-stream. Opening a flow for it would keep a dead
            // connection until it idles out or is evicted, so a long capture fills the table
            // (65,536 flows and 88 MiB at 1 GB of benchmark traffic); data opens it soon enough.
            if segment.payload.isEmpty && segment.flags.isDisjoint(with: [.syn, .fin, .rst]) {
                housekeeping(now: segment.frame.timestamp, into: &consumer)
                return
            }
            slot = open(segment, into: &consumer)
        }
        flows[slot].lastSeen = segment.frame.timestamp
        let direction = flows[slot].direction(from: segment.source)

        if segment.flags.contains(.syn) {
            if direction == .clientToServer { flows[slot].clientISN = segment.sequenceNumber }
            if !flows[slot][direction].synchronized || flows[slot][direction].nextPosition == 0 {
                flows[slot][direction].synchronize(at: segment.sequenceNumber &+ 1)
            }
        }

        if flows[slot].ignoring {
            followIgnored(segment, slot: slot, direction: direction, into: &consumer)
        } else {
            process(segment, slot: slot, direction: direction, into: &consumer)
        }

        if flows[slot].active, flows[slot].bothEnded {
            close(slot: slot, into: &consumer)
        }
        housekeeping(now: segment.frame.timestamp, into: &consumer)
    }

    /// End of input: every hole is given up as a gap, every direction ends, every connection closes.
    public mutating func finish<Consumer: StreamConsumer>(into consumer: inout Consumer) {
        for slot in flows.indices where flows[slot].active {
            close(slot: slot, into: &consumer)
        }
    }

    // MARK: - Connection table

    private mutating func open<Consumer: StreamConsumer>(_ segment: TCPSegment, into consumer: inout Consumer) -> Int {
        if slotByKey.count >= limits.maxFlows {
            evictLeastRecentlyActive(into: &consumer)
        }
        let (client, server) = Self.roles(of: segment)
        let state = FlowState(key: segment.flowKey, client: client, server: server, lastSeen: segment.frame.timestamp)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            flows[slot] = state
        } else {
            slot = flows.count
            flows.append(state)
        }
        slotByKey[segment.flowKey] = slot
        consumer.connectionOpened(slot: slot, client: client, server: server)
        return slot
    }

    /// The SYN sender is the client; without a SYN, the side on the lower port is taken for the
    /// server (services listen on low or registered ports, clients on ephemeral ones).
    static func roles(of segment: TCPSegment) -> (client: Endpoint, server: Endpoint) {
        if segment.flags.contains(.syn) {
            return segment.flags.contains(.ack)
                ? (segment.destination, segment.source) : (segment.source, segment.destination)
        }
        if segment.source.port < segment.destination.port {
            return (segment.destination, segment.source)
        }
        return (segment.source, segment.destination)
    }

    private func isNewConnection(slot: Int, syn: TCPSegment) -> Bool {
        let flow = flows[slot]
        if flow.clientToServer.ended || flow.serverToClient.ended { return true }
        guard let isn = flow.clientISN else { return flow.clientToServer.nextPosition > 0 || flow.serverToClient.nextPosition > 0 }
        return isn != syn.sequenceNumber
    }

    private mutating func close<Consumer: StreamConsumer>(slot: Int, into consumer: inout Consumer) {
        guard flows[slot].active else { return }
        for direction in Direction.allCases where !flows[slot][direction].ended {
            giveUpHoles(slot: slot, direction: direction, into: &consumer)
            end(slot: slot, direction: direction, into: &consumer)
        }
        totalBuffered -= flows[slot].bufferedBytes
        flows[slot].active = false
        slotByKey[flows[slot].key] = nil
        flows[slot].clientToServer = HalfStream()
        flows[slot].serverToClient = HalfStream()
        freeSlots.append(slot)
        consumer.connectionClosed(slot: slot)
    }

    /// Flushes the eighth of the table that was active longest ago: amortised O(1) per new flow
    /// when a capture opens connections without end.
    private mutating func evictLeastRecentlyActive<Consumer: StreamConsumer>(into consumer: inout Consumer) {
        var candidates = slotByKey.values.map { (slot: $0, seen: flows[$0].lastSeen) }
        candidates.sort { $0.seen < $1.seen }
        for candidate in candidates.prefix(Swift.max(1, candidates.count / 8)) {
            consumer.reassemblyFinding(slot: candidate.slot, direction: .clientToServer, Finding(
                .tcpLimit, "connection evicted: the flow table holds \(limits.maxFlows) connections",
                at: .none))
            close(slot: candidate.slot, into: &consumer)
        }
    }

    private mutating func housekeeping<Consumer: StreamConsumer>(now: Timestamp, into consumer: inout Consumer) {
        segmentsSinceSweep += 1
        guard segmentsSinceSweep >= 4096 else { return }
        segmentsSinceSweep = 0
        if let lastSweep, now.seconds - lastSweep.seconds < 10 { return }
        lastSweep = now
        let cutoff = now.seconds - limits.flowIdleTimeoutSeconds
        for slot in Array(slotByKey.values) where flows[slot].lastSeen.seconds < cutoff {
            close(slot: slot, into: &consumer)
        }
    }

    // MARK: - Segments

    private mutating func followIgnored<Consumer: StreamConsumer>(
        _ segment: TCPSegment, slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        if !segment.payload.isEmpty, consumer.shouldResume(slot: slot, direction: direction, payload: segment.payload) {
            flows[slot].ignoring = false
            for side in Direction.allCases {
                flows[slot][side].synchronized = false
                flows[slot][side].pending.removeAll()
                flows[slot][side].pendingBytes = 0
            }
            process(segment, slot: slot, direction: direction, into: &consumer)
            return
        }
        if segment.flags.contains(.rst) {
            flows[slot].clientToServer.ended = true
            flows[slot].serverToClient.ended = true
        } else if segment.flags.contains(.fin) {
            flows[slot][direction].ended = true
        }
    }

    private mutating func process<Consumer: StreamConsumer>(
        _ segment: TCPSegment, slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        let hasPayload = !segment.payload.isEmpty
        let hasFIN = segment.flags.contains(.fin)
        if !flows[slot][direction].synchronized {
            guard hasPayload || hasFIN else {
                if segment.flags.contains(.rst) { reset(slot: slot, into: &consumer) }
                return
            }
            flows[slot][direction].synchronize(at: segment.sequenceNumber)
        }
        if flows[slot][direction].ended {
            if segment.flags.contains(.rst) { reset(slot: slot, into: &consumer) }
            return
        }
        let start = flows[slot][direction].position(of: segment.sequenceNumber)
        if hasFIN, flows[slot][direction].finPosition == nil {
            flows[slot][direction].finPosition = start + Int64(segment.payload.count)
        }
        if hasPayload {
            accept(segment.payload, at: start, frame: segment.frame, slot: slot, direction: direction, into: &consumer)
        }
        if flows[slot][direction].reachedFIN {
            end(slot: slot, direction: direction, into: &consumer)
        }
        if segment.flags.contains(.rst) {
            reset(slot: slot, into: &consumer)
        }
    }

    /// RST: whatever is held is delivered across its holes, and both directions end.
    private mutating func reset<Consumer: StreamConsumer>(slot: Int, into consumer: inout Consumer) {
        for direction in Direction.allCases where !flows[slot][direction].ended {
            giveUpHoles(slot: slot, direction: direction, into: &consumer)
            end(slot: slot, direction: direction, into: &consumer)
        }
    }

    private mutating func accept<Consumer: StreamConsumer>(
        _ payload: UnsafeRawBufferPointer, at start: Int64, frame: FrameRef,
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        let next = flows[slot][direction].nextPosition
        let end = start + Int64(payload.count)
        if start < next {
            // Retransmitted or overlapping: compare what we still hold, keep the first copy.
            let overlapEnd = Swift.min(end, next)
            checkOverlap(payload, at: start, until: overlapEnd, frame: frame, slot: slot, direction: direction, into: &consumer)
            guard end > next else { return }
            let fresh = UnsafeRawBufferPointer(rebasing: payload[Int(next - start)...])
            append(fresh, frame: frame, slot: slot, direction: direction, into: &consumer)
        } else if start == next {
            append(payload, frame: frame, slot: slot, direction: direction, into: &consumer)
        } else {
            holdEarly(payload, at: start, frame: frame, slot: slot, direction: direction, into: &consumer)
        }
    }

    private mutating func checkOverlap<Consumer: StreamConsumer>(
        _ payload: UnsafeRawBufferPointer, at start: Int64, until overlapEnd: Int64, frame: FrameRef,
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        let half = flows[slot][direction]
        let heldStart = half.nextPosition - Int64(half.buffer.readableBytes)
        let from = Swift.max(start, heldStart)
        guard from < overlapEnd else { return }
        let readable = half.buffer.readable
        var position = from
        while position < overlapEnd {
            if readable[readable.startIndex + Int(position - heldStart)] != payload[Int(position - start)] {
                let finding = Finding(
                    .tcpOverlapConflict,
                    "frame \(frame.number) retransmits stream bytes \(position)… with different content; the first copy is kept",
                    at: .stream(offset: UInt64(position)))
                consumer.reassemblyFinding(slot: slot, direction: direction, finding)
                return
            }
            position += 1
        }
    }

    /// Appends in-order bytes, then whatever early segments they make contiguous, then lets the
    /// consumer frame them, all within the limits.
    private mutating func append<Consumer: StreamConsumer>(
        _ bytes: UnsafeRawBufferPointer, frame: FrameRef, slot: Int, direction: Direction,
        into consumer: inout Consumer
    ) {
        guard admit(bytes.count, slot: slot, direction: direction, into: &consumer) else { return }
        flows[slot][direction].buffer.append(bytes, from: frame)
        flows[slot][direction].advance(by: Int64(bytes.count))
        totalBuffered += bytes.count
        drainContiguous(slot: slot, direction: direction, into: &consumer)
        deliver(slot: slot, direction: direction, into: &consumer)
    }

    /// Checks the per-direction and total limits before `count` new bytes are buffered. When they
    /// would be exceeded the bytes are dropped: a `tcp.limit` finding and a gap of that size.
    private mutating func admit<Consumer: StreamConsumer>(
        _ count: Int, slot: Int, direction: Direction, into consumer: inout Consumer
    ) -> Bool {
        let buffered = flows[slot][direction].buffer.readableBytes
        let overDirection = buffered + count > limits.maxBufferedBytesPerDirection
        let overTotal = totalBuffered + count > limits.maxBufferedBytesTotal
        guard overDirection || overTotal else { return true }
        let what = overDirection
            ? "\(buffered) bytes already wait in this direction (limit \(limits.maxBufferedBytesPerDirection))"
            : "\(totalBuffered) bytes are buffered over all connections (limit \(limits.maxBufferedBytesTotal))"
        let offset = UInt64(flows[slot][direction].nextPosition)
        consumer.reassemblyFinding(slot: slot, direction: direction, Finding(
            .tcpLimit, "\(count) bytes dropped: \(what)", at: .stream(offset: offset)))
        flows[slot][direction].advance(by: Int64(count))
        signalGap(slot: slot, direction: direction, lostBytes: UInt64(count), into: &consumer)
        return false
    }

    private mutating func drainContiguous<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        while let first = flows[slot][direction].pending.first, first.start <= flows[slot][direction].nextPosition {
            guard let segment = flows[slot][direction].removeFirstPending() else { break }
            totalBuffered -= segment.bytes.count
            let next = flows[slot][direction].nextPosition
            if segment.end <= next {
                segment.bytes.withUnsafeBytes {
                    checkOverlap($0, at: segment.start, until: segment.end, frame: segment.frame,
                                 slot: slot, direction: direction, into: &consumer)
                }
                continue
            }
            let skip = Int(next - segment.start)
            segment.bytes.withUnsafeBytes { raw in
                if skip > 0 {
                    checkOverlap(raw, at: segment.start, until: next, frame: segment.frame,
                                 slot: slot, direction: direction, into: &consumer)
                }
                let fresh = UnsafeRawBufferPointer(rebasing: raw[skip...])
                if admit(fresh.count, slot: slot, direction: direction, into: &consumer) {
                    flows[slot][direction].buffer.append(fresh, from: segment.frame)
                    flows[slot][direction].advance(by: Int64(fresh.count))
                    totalBuffered += fresh.count
                }
            }
        }
    }

    private mutating func holdEarly<Consumer: StreamConsumer>(
        _ payload: UnsafeRawBufferPointer, at start: Int64, frame: FrameRef,
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        let distance = start - flows[slot][direction].nextPosition
        if distance > Int64(limits.maxOutOfOrderBytesPerDirection) {
            // Too far ahead to be reordering: the bytes in between are lost. Resynchronise here.
            giveUpHoles(slot: slot, direction: direction, into: &consumer)
            // Delivering the held segments may have reached the FIN: nothing follows an end.
            guard !flows[slot][direction].ended else { return }
            let lost = start - flows[slot][direction].nextPosition
            if lost > 0 {
                flows[slot][direction].advance(by: lost)
                signalGap(slot: slot, direction: direction, lostBytes: UInt64(lost), into: &consumer)
            }
            append(payload, frame: frame, slot: slot, direction: direction, into: &consumer)
            return
        }
        let segment = PendingSegment(start: start, bytes: Array(payload), frame: frame)
        let result = flows[slot][direction].insertPending(segment)
        if result.conflict {
            consumer.reassemblyFinding(slot: slot, direction: direction, Finding(
                .tcpOverlapConflict,
                "frame \(frame.number) retransmits early stream bytes \(start)… with different content; the first copy is kept",
                at: .stream(offset: UInt64(start))))
        }
        guard result.inserted else { return }
        totalBuffered += payload.count
        while flows[slot][direction].pendingBytes > limits.maxOutOfOrderBytesPerDirection
            || flows[slot][direction].pending.count > limits.maxOutOfOrderSegmentsPerDirection
            || totalBuffered > limits.maxBufferedBytesTotal {
            guard !flows[slot][direction].pending.isEmpty else { break }
            if totalBuffered > limits.maxBufferedBytesTotal {
                consumer.reassemblyFinding(slot: slot, direction: direction, Finding(
                    .tcpLimit, "out-of-order data pushed the total buffered bytes past \(limits.maxBufferedBytesTotal); the hole is given up",
                    at: .stream(offset: UInt64(flows[slot][direction].nextPosition))))
            }
            skipToFirstPending(slot: slot, direction: direction, into: &consumer)
        }
    }

    /// Declares the hole before the first early segment lost and delivers what follows it.
    private mutating func skipToFirstPending<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        guard let first = flows[slot][direction].pending.first else { return }
        let lost = first.start - flows[slot][direction].nextPosition
        if lost > 0 {
            flows[slot][direction].advance(by: lost)
            signalGap(slot: slot, direction: direction, lostBytes: UInt64(lost), into: &consumer)
        }
        drainContiguous(slot: slot, direction: direction, into: &consumer)
        deliver(slot: slot, direction: direction, into: &consumer)
    }

    /// Gives up every hole of a direction (end of connection or capture).
    private mutating func giveUpHoles<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        while !flows[slot][direction].pending.isEmpty {
            skipToFirstPending(slot: slot, direction: direction, into: &consumer)
        }
    }

    // MARK: - Consumer calls (keep the byte accounting in one place)

    private mutating func deliver<Consumer: StreamConsumer>(slot: Int, direction: Direction, into consumer: inout Consumer) {
        let before = flows[slot][direction].buffer.readableBytes
        guard before > 0 else { return }
        consumer.streamData(slot: slot, direction: direction, buffer: &flows[slot][direction].buffer)
        totalBuffered += flows[slot][direction].buffer.readableBytes - before
        if !consumer.wantsData(slot: slot) { stopBuffering(slot: slot) }
        if flows[slot][direction].reachedFIN { end(slot: slot, direction: direction, into: &consumer) }
    }

    private mutating func signalGap<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, lostBytes: UInt64, into consumer: inout Consumer
    ) {
        let before = flows[slot][direction].buffer.readableBytes
        consumer.streamGap(slot: slot, direction: direction, buffer: &flows[slot][direction].buffer, lostBytes: lostBytes)
        // The contract is that the consumer discards; make sure offsets stay true if it did not.
        let expectedEnd = UInt64(flows[slot][direction].nextPosition)
        if flows[slot][direction].buffer.endOffset != expectedEnd {
            let missing = expectedEnd > flows[slot][direction].buffer.endOffset
                ? expectedEnd - flows[slot][direction].buffer.endOffset : 0
            flows[slot][direction].buffer.discardReadable(thenSkip: missing)
        }
        totalBuffered += flows[slot][direction].buffer.readableBytes - before
    }

    private mutating func end<Consumer: StreamConsumer>(slot: Int, direction: Direction, into consumer: inout Consumer) {
        guard !flows[slot][direction].ended else { return }
        flows[slot][direction].ended = true
        // Early segments past the FIN are not stream data; holding them would deliver after the end.
        totalBuffered -= flows[slot][direction].pendingBytes
        flows[slot][direction].pending.removeAll()
        flows[slot][direction].pendingBytes = 0
        let before = flows[slot][direction].buffer.readableBytes
        consumer.streamEnded(slot: slot, direction: direction, buffer: &flows[slot][direction].buffer)
        totalBuffered += flows[slot][direction].buffer.readableBytes - before
    }

    private mutating func stopBuffering(slot: Int) {
        guard !flows[slot].ignoring else { return }
        totalBuffered -= flows[slot].bufferedBytes
        flows[slot].ignoring = true
        for side in Direction.allCases {
            flows[slot][side].buffer.discardReadable(thenSkip: 0)
            flows[slot][side].pending.removeAll()
            flows[slot][side].pendingBytes = 0
        }
    }
}
