/// Bounds-checked big-endian reads from a borrowed buffer, tracking the offset in the frame so
/// errors can name it. `read…` advances, `peek…` does not; both return nil on short input and never
/// trap, so hostile frames cannot crash the decoder. A value type over a borrowed pointer: no
/// allocation.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    /// Index of the next byte in `buffer`.
    private(set) var position: Int
    /// Reads stop here (an IP total length can end the readable region before the buffer does).
    private(set) var end: Int
    /// Added to `position` for the frame offset reported in errors (non-zero when `buffer` is a
    /// reassembled datagram rather than the frame).
    let baseOffset: Int

    init(_ buffer: UnsafeRawBufferPointer, position: Int = 0, baseOffset: Int = 0) {
        self.buffer = buffer
        self.position = min(max(0, position), buffer.count)
        self.end = buffer.count
        self.baseOffset = baseOffset
    }

    var remaining: Int { end - position }
    /// Offset of the next byte as reported in errors.
    var offset: Int { baseOffset + position }

    /// Narrows the readable region to `count` bytes from the current position; false if fewer remain.
    mutating func limit(to count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        end = position + count
        return true
    }

    func peekU8(at delta: Int = 0) -> UInt8? {
        guard delta >= 0, delta < remaining else { return nil }
        return buffer[position + delta]
    }

    func peekU16(at delta: Int = 0) -> UInt16? {
        guard delta >= 0, remaining >= 2, delta <= remaining - 2 else { return nil }
        return UInt16(buffer[position + delta]) << 8 | UInt16(buffer[position + delta + 1])
    }

    func peekU32(at delta: Int = 0) -> UInt32? {
        guard let high = peekU16(at: delta), let low = peekU16(at: delta + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func peekU64(at delta: Int = 0) -> UInt64? {
        guard let high = peekU32(at: delta), let low = peekU32(at: delta + 4) else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    /// Little-endian 32 bits (BSD loopback address family written by a little-endian host).
    func peekU32LE(at delta: Int = 0) -> UInt32? {
        guard let value = peekU32(at: delta) else { return nil }
        return value.byteSwapped
    }

    mutating func readU8() -> UInt8? {
        guard let value = peekU8() else { return nil }
        position += 1
        return value
    }

    mutating func readU16() -> UInt16? {
        guard let value = peekU16() else { return nil }
        position += 2
        return value
    }

    mutating func readU32() -> UInt32? {
        guard let value = peekU32() else { return nil }
        position += 4
        return value
    }

    mutating func readU64() -> UInt64? {
        guard let value = peekU64() else { return nil }
        position += 8
        return value
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        position += count
        return true
    }

    /// The rest of the readable region (borrowed, no copy).
    func rest() -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffer[position..<end])
    }
}
