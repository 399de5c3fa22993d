/// How many elements a message may have before anything hands it to swift-asn1's `DER.parse`.
///
/// swift-asn1 builds a node for every element before a typed decode looks at any: 15 MiB of
/// two-byte TLVs in extraCerts would be 7.5 million nodes (830 MiB, found by the limits run). A real
/// message comes nowhere near (a certificate has about 150 elements); a message past the budget is
/// left to the tolerant walks, which skip what they do not need by length.
public enum DERElementBudget {
    public static let maxElements = 100_000

    /// True when `bytes` hold at most `maxElements` TLVs (or fewer than that before they stop being
    /// well-formed: `DER.parse` then rejects them cheaply anyway).
    public static func allows(_ bytes: ArraySlice<UInt8>) -> Bool {
        // Every TLV has a header of at least two bytes of its own: a message of at most twice the
        // budget in bytes cannot exceed it, which spares real messages the count.
        bytes.count / 2 <= maxElements || elementCount(bytes, cap: maxElements) <= maxElements
    }

    /// Counts TLVs in one pass without allocating: a constructed element's first child follows its
    /// header, so byte order is depth-first order. Stops past `cap`.
    static func elementCount(_ bytes: ArraySlice<UInt8>, cap: Int) -> Int {
        var position = bytes.startIndex
        var count = 0
        while position < bytes.endIndex && count <= cap {
            guard position + 1 < bytes.endIndex else { return count }
            var index = position + 1
            // Multi-byte tag numbers (low five bits all set): skip the continuation bytes.
            if bytes[position] & 0x1F == 0x1F {
                while index < bytes.endIndex, bytes[index] & 0x80 != 0 { index += 1 }
                index += 1
            }
            guard index < bytes.endIndex else { return count }
            let first = bytes[index]
            index += 1
            var length = 0
            if first & 0x80 != 0 {
                let octets = Int(first & 0x7F)
                // Indefinite or absurd lengths are not DER: DER.parse refuses them without building much.
                guard octets > 0, octets <= 4, index + octets <= bytes.endIndex else { return count + 1 }
                for _ in 0..<octets {
                    length = length << 8 | Int(bytes[index])
                    index += 1
                }
            } else {
                length = Int(first)
            }
            count += 1
            let constructed = bytes[position] & 0x20 != 0
            let next = constructed ? index : index + length
            guard next > position else { return count }
            position = next
        }
        return count
    }
}
