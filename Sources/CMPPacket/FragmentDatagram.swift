import CMPCore

/// The pieces of one IP datagram received so far.
struct FragmentDatagram {
    /// The fragmentable part, zero where nothing arrived yet; grows to the highest end seen.
    var data: [UInt8] = []
    /// Sorted, disjoint, non-adjacent byte ranges of `data` that arrived.
    var covered: [Range<Int>] = []
    /// Known once the last fragment (more-fragments clear) arrived.
    var totalLength: Int?
    /// Next header of the offset-0 fragment (IPv6), or the IPv4 protocol.
    var nextHeader: UInt8 = 0
    var firstSeen: Timestamp
    /// Arrival order, for evicting the oldest datagram first.
    var sequence: UInt64

    var isComplete: Bool {
        guard let total = totalLength else { return false }
        return covered.count == 1 && covered[0] == 0..<total
    }

    /// Copies the bytes of `range` that have not arrived yet (the first copy of a byte wins, as
    /// the RFC 5722 discussion and most stacks' "keep old data" behaviour suggest), then records the
    /// range as covered. `data` must already reach `range.upperBound`.
    mutating func insert(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) {
        // An empty fragment adds nothing; recording its empty range would break `isComplete`.
        guard !range.isEmpty else { return }
        var cursor = range.lowerBound
        var merged: [Range<Int>] = []
        merged.reserveCapacity(covered.count + 1)
        var newRange = range
        for existing in covered {
            if existing.upperBound < range.lowerBound || existing.lowerBound > range.upperBound {
                merged.append(existing)
                continue
            }
            // Fill the gap before this existing range, then skip over it.
            if existing.lowerBound > cursor { copy(bytes, from: cursor, to: existing.lowerBound, base: range.lowerBound) }
            cursor = max(cursor, existing.upperBound)
            newRange = min(newRange.lowerBound, existing.lowerBound)..<max(newRange.upperBound, existing.upperBound)
        }
        if cursor < range.upperBound { copy(bytes, from: cursor, to: range.upperBound, base: range.lowerBound) }
        merged.append(newRange)
        merged.sort { $0.lowerBound < $1.lowerBound }
        covered = merged
    }

    private mutating func copy(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int, base: Int) {
        guard from < to else { return }
        for index in from..<to { data[index] = bytes[index - base] }
    }
}
