import CMPCore

/// One direction of a connection: where its sequence space stands, what arrived early, and the
/// in-order bytes the consumer has not framed yet.
///
/// Positions are 64-bit offsets into the direction's byte stream (bytes delivered plus bytes lost),
/// so sequence-number wraparound is handled once, in `position(of:)`, and nowhere else.
struct HalfStream {
    /// In-order bytes waiting for the consumer.
    var buffer = StreamBuffer()
    /// False until the first SYN, or the first data/FIN segment for a connection captured mid-stream.
    var synchronized = false
    /// The sequence number of the next expected byte…
    var nextSeq: UInt32 = 0
    /// …and its stream position.
    var nextPosition: Int64 = 0
    /// Segments that arrived ahead of `nextPosition`, sorted by start, then by arrival.
    var pending: [PendingSegment] = []
    var pendingBytes = 0
    /// Stream position of the FIN, once seen.
    var finPosition: Int64?
    var ended = false

    /// The stream position of `seq`, taking the nearer of the two wraparound readings
    /// (RFC 9293 modular comparison: within 2^31 of the expected number).
    func position(of seq: UInt32) -> Int64 {
        nextPosition + Int64(Int32(bitPattern: seq &- nextSeq))
    }

    mutating func synchronize(at seq: UInt32) {
        synchronized = true
        nextSeq = seq
        nextPosition = Int64(buffer.endOffset)
    }

    /// Moves the expected position forward by `count` bytes (delivered or lost).
    mutating func advance(by count: Int64) {
        nextPosition += count
        nextSeq = nextSeq &+ UInt32(truncatingIfNeeded: count)
    }

    /// Inserts an early segment, keeping the order; an exact repeat of a held segment is compared
    /// and dropped here so retransmissions of early data do not count twice against the limits.
    /// Returns true when the repeat's bytes differed from the held copy.
    mutating func insertPending(_ segment: PendingSegment) -> (inserted: Bool, conflict: Bool) {
        var low = 0
        var high = pending.count
        while low < high {
            let mid = (low + high) / 2
            if pending[mid].start <= segment.start { low = mid + 1 } else { high = mid }
        }
        if low > 0, pending[low - 1].start == segment.start, pending[low - 1].bytes.count >= segment.bytes.count {
            let held = pending[low - 1].bytes
            let conflict = !held.prefix(segment.bytes.count).elementsEqual(segment.bytes)
            return (false, conflict)
        }
        pending.insert(segment, at: low)
        pendingBytes += segment.bytes.count
        return (true, false)
    }

    mutating func removeFirstPending() -> PendingSegment? {
        guard !pending.isEmpty else { return nil }
        let first = pending.removeFirst()
        pendingBytes -= first.bytes.count
        return first
    }

    /// Whether the stream has reached its FIN.
    var reachedFIN: Bool {
        guard let finPosition else { return false }
        return nextPosition >= finPosition
    }
}

/// A segment's payload held (copied: the frame is gone by the time the hole fills) until the
/// stream reaches it.
struct PendingSegment {
    var start: Int64
    var bytes: [UInt8]
    var frame: FrameRef

    var end: Int64 { start + Int64(bytes.count) }
}
