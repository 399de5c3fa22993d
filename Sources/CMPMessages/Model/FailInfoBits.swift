import CMPCore

/// The numbering of PKIFailureInfo bits shared by the typed model and the tolerant walk, so both
/// report the same bits for the same bytes.
public enum FailInfoBits {
    /// Bits beyond RFC 9810's 27 that one message may report: a 1 MiB BIT STRING of ones would
    /// otherwise turn into 8 million numbers.
    public static let maxUnknownBits = 64

    /// Adds the bit numbers set in `octets` (the BIT STRING content after its unused-bits octet) to
    /// `bits`; unknown bits (27 and up) stop being added once `bits` holds `maxUnknown` of them.
    static func collect(_ octets: ArraySlice<UInt8>, unusedBits: Int, into bits: inout Set<Int>, maxUnknown: Int) {
        let named = PKIFailureInfoBit.names.count
        var unknown = bits.count { $0 >= named }
        for index in octets.indices {
            let base = (index - octets.startIndex) * 8
            if unknown >= maxUnknown, base >= named { break }
            var octet = octets[index]
            if index == octets.endIndex - 1 { octet &= UInt8(truncatingIfNeeded: 0xFF << unusedBits) }
            guard octet != 0 else { continue }
            for bit in 0..<8 where octet & (0x80 >> bit) != 0 {
                let number = base + bit
                if number >= named {
                    guard unknown < maxUnknown else { break }
                    if bits.insert(number).inserted { unknown += 1 }
                } else {
                    bits.insert(number)
                }
            }
        }
    }
}
