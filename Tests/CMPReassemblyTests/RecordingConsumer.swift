import CMPCore
import CMPReassembly

/// A consumer that takes every byte it is given and writes down every event, so tests can compare
/// the reassembled streams and the order of gaps and ends with what they expect.
struct RecordingConsumer: StreamConsumer {
    enum Event: Equatable {
        case opened(slot: Int, client: Endpoint, server: Endpoint)
        case gap(slot: Int, Direction, lost: UInt64, atOffset: UInt64)
        case ended(slot: Int, Direction)
        case closed(slot: Int)
        case finding(slot: Int, Direction, FindingCode)
    }

    var events: [Event] = []
    /// Bytes per (slot, direction); a gap is written as `gapMarker` repeated once.
    var streams: [Int: [Direction: [UInt8]]] = [:]
    var frames: [Int: [Direction: [Int]]] = [:]
    /// Slots the consumer declares non-CMP.
    var rejectSlots: Set<Int> = []
    var resumeWhenPayloadStartsWith: [UInt8]?
    /// Leave bytes in the buffer until the stream ends or breaks, as a framer waiting for the rest
    /// of a PDU does: lets tests see retransmissions compared against held bytes and limits hit.
    var holdUntilEnd = false

    func bytes(_ slot: Int, _ direction: Direction) -> [UInt8] { streams[slot]?[direction] ?? [] }

    mutating func connectionOpened(slot: Int, client: Endpoint, server: Endpoint) {
        events.append(.opened(slot: slot, client: client, server: server))
        streams[slot] = [:]
        frames[slot] = [:]
    }

    mutating func streamData(slot: Int, direction: Direction, buffer: inout StreamBuffer) {
        guard !holdUntilEnd else { return }
        take(slot: slot, direction: direction, buffer: &buffer)
    }

    private mutating func take(slot: Int, direction: Direction, buffer: inout StreamBuffer) {
        streams[slot, default: [:]][direction, default: []] += buffer.readable
        for frame in buffer.frames(forNext: buffer.readableBytes) where frames[slot]?[direction]?.last != frame.number {
            frames[slot, default: [:]][direction, default: []].append(frame.number)
        }
        buffer.consume(buffer.readableBytes)
    }

    mutating func streamGap(slot: Int, direction: Direction, buffer: inout StreamBuffer, lostBytes: UInt64) {
        events.append(.gap(slot: slot, direction, lost: lostBytes, atOffset: buffer.endOffset))
        take(slot: slot, direction: direction, buffer: &buffer)
        buffer.discardReadable(thenSkip: lostBytes)
    }

    mutating func streamEnded(slot: Int, direction: Direction, buffer: inout StreamBuffer) {
        take(slot: slot, direction: direction, buffer: &buffer)
        events.append(.ended(slot: slot, direction))
    }

    mutating func connectionClosed(slot: Int) {
        events.append(.closed(slot: slot))
    }

    mutating func reassemblyFinding(slot: Int, direction: Direction, _ finding: Finding) {
        events.append(.finding(slot: slot, direction, finding.code))
    }

    func wantsData(slot: Int) -> Bool { !rejectSlots.contains(slot) }

    mutating func shouldResume(slot: Int, direction: Direction, payload: UnsafeRawBufferPointer) -> Bool {
        guard let prefix = resumeWhenPayloadStartsWith, payload.starts(with: prefix) else { return false }
        rejectSlots.remove(slot)
        return true
    }
}

/// A segment described by value; `feed` turns it into a borrowed `TCPSegment` for the reassembler.
struct SegmentSpec {
    var fromClient: Bool
    var seq: UInt32
    var flags: TCPFlags = [.ack]
    var payload: [UInt8] = []
    var frame: Int = 0
    var seconds: Int64 = 0

    static let client = Endpoint(address: .v4(0x0A00_0005), port: 51522)
    static let server = Endpoint(address: .v4(0x0A00_0001), port: 8080)
}

func feed(_ specs: [SegmentSpec], into reassembler: inout TCPReassembler, consumer: inout RecordingConsumer,
          client: Endpoint = SegmentSpec.client, server: Endpoint = SegmentSpec.server, finish: Bool = true) {
    for (index, spec) in specs.enumerated() {
        spec.payload.withUnsafeBytes { raw in
            let segment = TCPSegment(
                frame: FrameRef(number: spec.frame == 0 ? index + 1 : spec.frame, timestamp: Timestamp(seconds: spec.seconds, nanoseconds: 0)),
                source: spec.fromClient ? client : server, destination: spec.fromClient ? server : client,
                sequenceNumber: spec.seq, acknowledgmentNumber: 0, flags: spec.flags, window: 65535,
                payload: raw, payloadOffsetInFrame: 54)
            reassembler.ingest(segment, into: &consumer)
        }
    }
    if finish { reassembler.finish(into: &consumer) }
}
