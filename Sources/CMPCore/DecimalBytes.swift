/// Decimal digits appended as UTF-8 without an intermediate string: the tree and JSON writers put
/// several numbers on every line they write, the summary line an address's octets. Inlinable, as
/// `Hex` is, so every module's calls are specialized.
public enum DecimalBytes {
    @inlinable
    public static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        append(value.magnitude, to: &bytes)
    }

    @inlinable
    public static func append(_ value: some UnsignedInteger & FixedWidthInteger, to bytes: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: UInt64.max has 20 digits
        var count = 0
        var rest = UInt64(value)
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            // Octet by octet: a few digits, where appending a buffer costs a hundred instructions.
            for index in (24 - count)..<24 { bytes.append(buffer[index]) }
        }
    }
}
