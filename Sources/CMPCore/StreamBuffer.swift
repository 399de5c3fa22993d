/// The in-order bytes of one direction of a TCP connection that a transport framer has not consumed yet.
///
/// The reassembler appends (one copy of each payload byte: the only one on the way to a PDU) and
/// framers read `readable` and `consume` what they have framed, as swift-nio's `ByteToMessageDecoder`
/// does with its cumulation buffer. The buffer also remembers which frame contributed which bytes,
/// so a PDU knows its frames without the framers tracking packets.
///
/// Do not hold `readable` across an `append`: that would make the append copy the whole buffer.
public struct StreamBuffer: Sendable {
    private struct FrameMark: Sendable {
        var start: UInt64
        var end: UInt64
        var frame: FrameRef
    }

    private var storage: [UInt8] = []
    private var readerIndex = 0
    private var marks: [FrameMark] = []
    private var firstLiveMark = 0

    /// Stream offset of the first unconsumed byte: bytes of this direction delivered before it,
    /// counting bytes lost in gaps, so findings can name where in the stream they are.
    public private(set) var readerOffset: UInt64 = 0

    public init() {}

    public var readableBytes: Int { storage.count - readerIndex }
    public var isEmpty: Bool { readerIndex == storage.count }

    /// Stream offset just past the last byte appended.
    public var endOffset: UInt64 { readerOffset + UInt64(readableBytes) }

    /// The unconsumed bytes. Indices are storage indices: use `readable.startIndex`-relative offsets.
    public var readable: ArraySlice<UInt8> { storage[readerIndex...] }

    /// The byte `offset` bytes past the reader, or nil when not buffered yet.
    public func peek(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < readableBytes else { return nil }
        return storage[readerIndex + offset]
    }

    /// Appends in-order payload bytes that arrived in `frame`.
    public mutating func append(_ bytes: UnsafeRawBufferPointer, from frame: FrameRef) {
        guard !bytes.isEmpty else { return }
        let start = endOffset
        storage.append(contentsOf: bytes)
        let end = start + UInt64(bytes.count)
        if let last = marks.last, last.frame == frame, last.end == start {
            marks[marks.count - 1].end = end
        } else {
            marks.append(FrameMark(start: start, end: end, frame: frame))
        }
    }

    /// Convenience for tests and in-memory producers.
    public mutating func append(_ bytes: [UInt8], from frame: FrameRef) {
        bytes.withUnsafeBytes { append($0, from: frame) }
    }

    /// Marks `count` readable bytes as consumed.
    public mutating func consume(_ count: Int) {
        let count = Swift.min(Swift.max(count, 0), readableBytes)
        readerIndex += count
        readerOffset += UInt64(count)
        pruneMarks()
        compactIfWorthIt()
    }

    /// Drops every unconsumed byte, then moves the reader over `gap` bytes that were never captured,
    /// so offsets after a lost segment stay true.
    public mutating func discardReadable(thenSkip gap: UInt64) {
        readerOffset += UInt64(readableBytes) + gap
        storage.removeAll(keepingCapacity: storage.capacity <= Self.retainedCapacity)
        readerIndex = 0
        marks.removeAll(keepingCapacity: true)
        firstLiveMark = 0
    }

    /// The frames that contributed the next `count` readable bytes, in stream order.
    public func frames(forNext count: Int) -> [FrameRef] {
        let end = readerOffset + UInt64(Swift.max(0, Swift.min(count, readableBytes)))
        var result = [FrameRef]()
        var index = firstLiveMark
        while index < marks.count, marks[index].start < end {
            if marks[index].end > readerOffset, result.last != marks[index].frame {
                result.append(marks[index].frame)
            }
            index += 1
        }
        return result
    }

    /// The frame that contributed the byte at stream offset `offset`, if it is still buffered.
    public func frame(atStreamOffset offset: UInt64) -> FrameRef? {
        var index = firstLiveMark
        while index < marks.count {
            if marks[index].start <= offset && offset < marks[index].end { return marks[index].frame }
            index += 1
        }
        return nil
    }

    // MARK: - Housekeeping

    /// Above this, an emptied buffer gives its memory back: one large PDU must not pin it forever.
    static let retainedCapacity = 256 * 1024

    private mutating func pruneMarks() {
        while firstLiveMark < marks.count, marks[firstLiveMark].end <= readerOffset {
            firstLiveMark += 1
        }
        if firstLiveMark >= 64 && firstLiveMark * 2 >= marks.count {
            marks.removeFirst(firstLiveMark)
            firstLiveMark = 0
        }
    }

    private mutating func compactIfWorthIt() {
        if readerIndex == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= Self.retainedCapacity)
            readerIndex = 0
        } else if readerIndex >= 4096 && readerIndex * 2 >= storage.count {
            storage.removeFirst(readerIndex)
            readerIndex = 0
        }
    }
}
