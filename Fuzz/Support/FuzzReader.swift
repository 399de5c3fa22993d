/// Reads structured values off the front of a libFuzzer input, never failing: a read past the end
/// gives zeros or an empty slice, so every byte string is a valid (if short) test case and the
/// fuzzer's mutations stay meaningful (a flipped byte changes one field, not the whole parse).
struct FuzzReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func u8() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16 {
        UInt16(u8()) << 8 | UInt16(u8())
    }

    mutating func u32() -> UInt32 {
        UInt32(u16()) << 16 | UInt32(u16())
    }

    /// Up to `count` bytes (fewer at the end of the input), borrowed from the input.
    mutating func take(_ count: Int) -> UnsafeRawBufferPointer {
        let end = min(bytes.count, offset + max(0, count))
        let start = min(offset, end)
        offset = end
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Everything left.
    mutating func rest() -> UnsafeRawBufferPointer {
        take(bytes.count - offset)
    }
}
