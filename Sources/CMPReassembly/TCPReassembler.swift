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
    /// Each flow's two directions, at `half(slot, direction)`: kept apart from `FlowState` so that
    /// reading one field of a direction is an array access (through a subscript on FlowState the
    /// compiler copied the whole flow, buffers and all, on every read: 3% of a run).
    private var halves: [HalfStream] = []
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
            if !halves[half(slot, direction)].synchronized || halves[half(slot, direction)].nextPosition == 0 {
                halves[half(slot, direction)].synchronize(at: segment.sequenceNumber &+ 1)
            }
        }

        if flows[slot].ignoring {
            followIgnored(segment, slot: slot, direction: direction, into: &consumer)
        } else {
            process(segment, slot: slot, direction: direction, into: &consumer)
        }

        if flows[slot].active, halves[half(slot, .clientToServer)].ended, halves[half(slot, .serverToClient)].ended {
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
            halves.append(HalfStream())
            halves.append(HalfStream())
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
        let client = halves[half(slot, .clientToServer)], server = halves[half(slot, .serverToClient)]
        if client.ended || server.ended { return true }
        guard let isn = flows[slot].clientISN else { return client.nextPosition > 0 || server.nextPosition > 0 }
        return isn != syn.sequenceNumber
    }

    /// Where a direction of a slot lives in `halves`.
    private func half(_ slot: Int, _ direction: Direction) -> Int {
        slot &* 2 &+ direction.rawValue
    }

    /// Bytes a flow holds in buffers and early segments (what counts against the total limit).
    private func bufferedBytes(slot: Int) -> Int {
        Direction.allCases.reduce(0) { sum, direction in
            sum + halves[half(slot, direction)].buffer.readableBytes + halves[half(slot, direction)].pendingBytes
        }
    }

    private mutating func close<Consumer: StreamConsumer>(slot: Int, into consumer: inout Consumer) {
        guard flows[slot].active else { return }
        for direction in Direction.allCases where !halves[half(slot, direction)].ended {
            giveUpHoles(slot: slot, direction: direction, into: &consumer)
            end(slot: slot, direction: direction, into: &consumer)
        }
        totalBuffered -= bufferedBytes(slot: slot)
        flows[slot].active = false
        slotByKey[flows[slot].key] = nil
        halves[half(slot, .clientToServer)] = HalfStream()
        halves[half(slot, .serverToClient)] = HalfStream()
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
                halves[half(slot, side)].synchronized = false
                halves[half(slot, side)].pending.removeAll()
                halves[half(slot, side)].pendingBytes = 0
            }
            process(segment, slot: slot, direction: direction, into: &consumer)
            return
        }
        if segment.flags.contains(.rst) {
            halves[half(slot, .clientToServer)].ended = true
            halves[half(slot, .serverToClient)].ended = true
        } else if segment.flags.contains(.fin) {
            halves[half(slot, direction)].ended = true
        }
    }

    private mutating func process<Consumer: StreamConsumer>(
        _ segment: TCPSegment, slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        let hasPayload = !segment.payload.isEmpty
        let hasFIN = segment.flags.contains(.fin)
        if !halves[half(slot, direction)].synchronized {
            guard hasPayload || hasFIN else {
                if segment.flags.contains(.rst) { reset(slot: slot, into: &consumer) }
                return
            }
            halves[half(slot, direction)].synchronize(at: segment.sequenceNumber)
        }
        if halves[half(slot, direction)].ended {
            if segment.flags.contains(.rst) { reset(slot: slot, into: &consumer) }
            return
        }
        let start = halves[half(slot, direction)].position(of: segment.sequenceNumber)
        if hasFIN, halves[half(slot, direction)].finPosition == nil {
            halves[half(slot, direction)].finPosition = start + Int64(segment.payload.count)
        }
        if hasPayload {
            accept(segment.payload, at: start, frame: segment.frame, slot: slot, direction: direction, into: &consumer)
        }
        if halves[half(slot, direction)].reachedFIN {
            end(slot: slot, direction: direction, into: &consumer)
        }
        if segment.flags.contains(.rst) {
            reset(slot: slot, into: &consumer)
        }
    }

    /// RST: whatever is held is delivered across its holes, and both directions end.
    private mutating func reset<Consumer: StreamConsumer>(slot: Int, into consumer: inout Consumer) {
        for direction in Direction.allCases where !halves[half(slot, direction)].ended {
            giveUpHoles(slot: slot, direction: direction, into: &consumer)
            end(slot: slot, direction: direction, into: &consumer)
        }
    }

    private mutating func accept<Consumer: StreamConsumer>(
        _ payload: UnsafeRawBufferPointer, at start: Int64, frame: FrameRef,
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        let next = halves[half(slot, direction)].nextPosition
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
        let stream = halves[half(slot, direction)]
        let heldStart = stream.nextPosition - Int64(stream.buffer.readableBytes)
        let from = Swift.max(start, heldStart)
        guard from < overlapEnd else { return }
        let readable = stream.buffer.readable
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
        halves[half(slot, direction)].buffer.append(bytes, from: frame)
        halves[half(slot, direction)].advance(by: Int64(bytes.count))
        totalBuffered += bytes.count
        drainContiguous(slot: slot, direction: direction, into: &consumer)
        deliver(slot: slot, direction: direction, into: &consumer)
    }

    /// Checks the per-direction and total limits before `count` new bytes are buffered. When they
    /// would be exceeded the bytes are dropped: a `tcp.limit` finding and a gap of that size.
    private mutating func admit<Consumer: StreamConsumer>(
        _ count: Int, slot: Int, direction: Direction, into consumer: inout Consumer
    ) -> Bool {
        let buffered = halves[half(slot, direction)].buffer.readableBytes
        let overDirection = buffered + count > limits.maxBufferedBytesPerDirection
        let overTotal = totalBuffered + count > limits.maxBufferedBytesTotal
        guard overDirection || overTotal else { return true }
        let what = overDirection
            ? "\(buffered) bytes already wait in this direction (limit \(limits.maxBufferedBytesPerDirection))"
            : "\(totalBuffered) bytes are buffered over all connections (limit \(limits.maxBufferedBytesTotal))"
        let offset = UInt64(halves[half(slot, direction)].nextPosition)
        consumer.reassemblyFinding(slot: slot, direction: direction, Finding(
            .tcpLimit, "\(count) bytes dropped: \(what)", at: .stream(offset: offset)))
        halves[half(slot, direction)].advance(by: Int64(count))
        signalGap(slot: slot, direction: direction, lostBytes: UInt64(count), into: &consumer)
        return false
    }

    private mutating func drainContiguous<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        while let first = halves[half(slot, direction)].pending.first, first.start <= halves[half(slot, direction)].nextPosition {
            guard let segment = halves[half(slot, direction)].removeFirstPending() else { break }
            totalBuffered -= segment.bytes.count
            let next = halves[half(slot, direction)].nextPosition
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
                    halves[half(slot, direction)].buffer.append(fresh, from: segment.frame)
                    halves[half(slot, direction)].advance(by: Int64(fresh.count))
                    totalBuffered += fresh.count
                }
            }
        }
    }

    private mutating func holdEarly<Consumer: StreamConsumer>(
        _ payload: UnsafeRawBufferPointer, at start: Int64, frame: FrameRef,
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        let distance = start - halves[half(slot, direction)].nextPosition
        if distance > Int64(limits.maxOutOfOrderBytesPerDirection) {
            // Too far ahead to be reordering: the bytes in between are lost. Resynchronise here.
            giveUpHoles(slot: slot, direction: direction, into: &consumer)
            // Delivering the held segments may have reached the FIN: nothing follows an end.
            guard !halves[half(slot, direction)].ended else { return }
            let lost = start - halves[half(slot, direction)].nextPosition
            if lost > 0 {
                halves[half(slot, direction)].advance(by: lost)
                signalGap(slot: slot, direction: direction, lostBytes: UInt64(lost), into: &consumer)
            }
            append(payload, frame: frame, slot: slot, direction: direction, into: &consumer)
            return
        }
        let segment = PendingSegment(start: start, bytes: Array(payload), frame: frame)
        let result = halves[half(slot, direction)].insertPending(segment)
        if result.conflict {
            consumer.reassemblyFinding(slot: slot, direction: direction, Finding(
                .tcpOverlapConflict,
                "frame \(frame.number) retransmits early stream bytes \(start)… with different content; the first copy is kept",
                at: .stream(offset: UInt64(start))))
        }
        guard result.inserted else { return }
        totalBuffered += payload.count
        while halves[half(slot, direction)].pendingBytes > limits.maxOutOfOrderBytesPerDirection
            || halves[half(slot, direction)].pending.count > limits.maxOutOfOrderSegmentsPerDirection
            || totalBuffered > limits.maxBufferedBytesTotal {
            guard !halves[half(slot, direction)].pending.isEmpty else { break }
            if totalBuffered > limits.maxBufferedBytesTotal {
                consumer.reassemblyFinding(slot: slot, direction: direction, Finding(
                    .tcpLimit, "out-of-order data pushed the total buffered bytes past \(limits.maxBufferedBytesTotal); the hole is given up",
                    at: .stream(offset: UInt64(halves[half(slot, direction)].nextPosition))))
            }
            skipToFirstPending(slot: slot, direction: direction, into: &consumer)
        }
    }

    /// Declares the hole before the first early segment lost and delivers what follows it.
    private mutating func skipToFirstPending<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        guard let first = halves[half(slot, direction)].pending.first else { return }
        let lost = first.start - halves[half(slot, direction)].nextPosition
        if lost > 0 {
            halves[half(slot, direction)].advance(by: lost)
            signalGap(slot: slot, direction: direction, lostBytes: UInt64(lost), into: &consumer)
        }
        drainContiguous(slot: slot, direction: direction, into: &consumer)
        deliver(slot: slot, direction: direction, into: &consumer)
    }

    /// Gives up every hole of a direction (end of connection or capture).
    private mutating func giveUpHoles<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, into consumer: inout Consumer
    ) {
        while !halves[half(slot, direction)].pending.isEmpty {
            skipToFirstPending(slot: slot, direction: direction, into: &consumer)
        }
    }

    // MARK: - Consumer calls (keep the byte accounting in one place)

    private mutating func deliver<Consumer: StreamConsumer>(slot: Int, direction: Direction, into consumer: inout Consumer) {
        let before = halves[half(slot, direction)].buffer.readableBytes
        guard before > 0 else { return }
        consumer.streamData(slot: slot, direction: direction, buffer: &halves[half(slot, direction)].buffer)
        totalBuffered += halves[half(slot, direction)].buffer.readableBytes - before
        if !consumer.wantsData(slot: slot) { stopBuffering(slot: slot) }
        if halves[half(slot, direction)].reachedFIN { end(slot: slot, direction: direction, into: &consumer) }
    }

    private mutating func signalGap<Consumer: StreamConsumer>(
        slot: Int, direction: Direction, lostBytes: UInt64, into consumer: inout Consumer
    ) {
        let before = halves[half(slot, direction)].buffer.readableBytes
        consumer.streamGap(slot: slot, direction: direction, buffer: &halves[half(slot, direction)].buffer, lostBytes: lostBytes)
        // The contract is that the consumer discards; make sure offsets stay true if it did not.
        let expectedEnd = UInt64(halves[half(slot, direction)].nextPosition)
        if halves[half(slot, direction)].buffer.endOffset != expectedEnd {
            let missing = expectedEnd > halves[half(slot, direction)].buffer.endOffset
                ? expectedEnd - halves[half(slot, direction)].buffer.endOffset : 0
            halves[half(slot, direction)].buffer.discardReadable(thenSkip: missing)
        }
        totalBuffered += halves[half(slot, direction)].buffer.readableBytes - before
    }

    private mutating func end<Consumer: StreamConsumer>(slot: Int, direction: Direction, into consumer: inout Consumer) {
        guard !halves[half(slot, direction)].ended else { return }
        halves[half(slot, direction)].ended = true
        // Early segments past the FIN are not stream data; holding them would deliver after the end.
        totalBuffered -= halves[half(slot, direction)].pendingBytes
        halves[half(slot, direction)].pending.removeAll()
        halves[half(slot, direction)].pendingBytes = 0
        let before = halves[half(slot, direction)].buffer.readableBytes
        consumer.streamEnded(slot: slot, direction: direction, buffer: &halves[half(slot, direction)].buffer)
        totalBuffered += halves[half(slot, direction)].buffer.readableBytes - before
    }

    private mutating func stopBuffering(slot: Int) {
        guard !flows[slot].ignoring else { return }
        totalBuffered -= bufferedBytes(slot: slot)
        flows[slot].ignoring = true
        for side in Direction.allCases {
            halves[half(slot, side)].buffer.discardReadable(thenSkip: 0)
            halves[half(slot, side)].pending.removeAll()
            halves[half(slot, side)].pendingBytes = 0
        }
    }
}
