import CMPCore

/// IP fragment reassembly for both IP versions, bounded by `Limits.maxFragmentBytes` and
/// `maxFragmentDatagrams` (the oldest datagram is evicted to make room) and by a timeout in capture
/// time, so a capture full of unmatched fragments cannot grow memory.
struct FragmentReassembler {
    /// RFC 8200 §4.5 gives up on a datagram 60 s after its first fragment; IPv4 stacks use 15-60 s
    /// (Linux `ipfrag_time` 30 s). Capture time, not wall time, so results do not depend on the reader.
    static let timeoutNanoseconds: Int64 = 60 * 1_000_000_000
    /// Fragment offset plus length cannot exceed this (13-bit offset in 8-octet units plus a 16-bit length).
    static let maxDatagramLength = 65_535

    enum Outcome {
        case held
        /// The fragmentable part, borrowed from `output` until the next completion; and the
        /// next header recorded from the first fragment.
        case complete(UnsafeRawBufferPointer, nextHeader: UInt8)
        case invalid(String)
    }

    var datagrams: [FragmentKey: FragmentDatagram] = [:]
    var heldBytes = 0
    var droppedDatagrams = 0
    private var nextSequence: UInt64 = 0
    private var output: ReassemblyBuffer?

    mutating func add(
        key: FragmentKey, offset: Int, moreFragments: Bool, data: UnsafeRawBufferPointer,
        nextHeader: UInt8, time: Timestamp, limits: Limits
    ) -> Outcome {
        expire(before: time)
        let end = offset + data.count
        guard end <= Self.maxDatagramLength else {
            drop(key)
            return .invalid("fragment at offset \(offset) ends at \(end), beyond the 65535-byte datagram maximum")
        }
        var datagram: FragmentDatagram
        if let existing = datagrams[key] {
            datagram = existing
        } else {
            while datagrams.count >= max(1, limits.maxFragmentDatagrams) { evictOldest() }
            datagram = FragmentDatagram(firstSeen: time, sequence: nextSequence)
            nextSequence &+= 1
        }
        if let total = datagram.totalLength, end > total || (!moreFragments && end != total) {
            drop(key)
            return .invalid("fragment \(offset)..<\(end) conflicts with the datagram length \(total) set by its last fragment")
        }
        if !moreFragments {
            if let highest = datagram.covered.last?.upperBound, highest > end {
                drop(key)
                return .invalid("last fragment ends at \(end) but data up to \(highest) arrived")
            }
            datagram.totalLength = end
        }
        if offset == 0 { datagram.nextHeader = nextHeader }
        let growth = max(0, end - datagram.data.count)
        datagrams[key] = nil  // so eviction below cannot pick this datagram
        while heldBytes + growth > limits.maxFragmentBytes, !datagrams.isEmpty { evictOldest() }
        guard heldBytes + growth <= limits.maxFragmentBytes else {
            heldBytes -= datagram.data.count
            droppedDatagrams += 1
            return .invalid("fragment reassembly limit of \(limits.maxFragmentBytes) bytes reached")
        }
        if growth > 0 {
            datagram.data.append(contentsOf: repeatElement(0, count: growth))
            heldBytes += growth
        }
        datagram.insert(data, at: offset..<end)
        guard datagram.isComplete else {
            datagrams[key] = datagram
            return .held
        }
        heldBytes -= datagram.data.count
        let buffer = output ?? ReassemblyBuffer(capacity: Self.maxDatagramLength)
        output = buffer
        return .complete(buffer.store(datagram.data), nextHeader: datagram.nextHeader)
    }

    /// Drops datagrams whose first fragment is older than the timeout.
    private mutating func expire(before time: Timestamp) {
        guard !datagrams.isEmpty else { return }
        let stale = datagrams.filter { time.nanoseconds(since: $0.value.firstSeen) > Self.timeoutNanoseconds }
        for key in stale.keys { drop(key) }
    }

    private mutating func evictOldest() {
        guard let oldest = datagrams.min(by: { $0.value.sequence < $1.value.sequence }) else { return }
        drop(oldest.key)
    }

    private mutating func drop(_ key: FragmentKey) {
        guard let datagram = datagrams.removeValue(forKey: key) else { return }
        heldBytes -= datagram.data.count
        droppedDatagrams += 1
    }
}
