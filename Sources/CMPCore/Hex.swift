/// Lower-case hex, as DESIGN.md's JSON keys, the summary line, the tree's values and the findings'
/// messages write byte strings: the one hex writer of every stage.
public enum Hex {
    // Inlinable (so is `DecimalBytes`): generic and called from every module, each call site gets a
    // specialized copy; across the module boundary it ran unspecialized, 15% of a -V run.
    @usableFromInline static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The same digits appended to a byte buffer (the summary line and JSON write into theirs).
    @inlinable
    public static func append(_ bytes: some Collection<UInt8>, to buffer: inout [UInt8]) {
        for byte in bytes {
            buffer.append(digits[Int(byte >> 4)])
            buffer.append(digits[Int(byte & 0x0F)])
        }
    }

    /// Written as UTF-8 into the string's storage at once (a `Character` append per digit was a
    /// tenth of `-T jsonl`'s JSON time).
    @inlinable
    public static func string(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }
}
