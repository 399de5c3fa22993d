import CMPCore

/// Decoding of primitive contents (INTEGER, OBJECT IDENTIFIER) straight from content octets, so the
/// same code serves DER and the BER the tolerant walk accepts; swift-asn1's decoders need the
/// DER-exact TLV and would fail on a non-minimal length around a perfectly good value.
public enum ASN1Primitive {
    /// Two's-complement INTEGER contents (X.690 §8.3) as `Int`, or nil when empty or wider than 64 bits.
    public static func int(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var start = range.lowerBound
        // Redundant sign octets (not DER, but harmless) do not make a value wider.
        while range.upperBound - start > 8,
              (bytes[start] == 0x00 && bytes[start + 1] & 0x80 == 0)
                || (bytes[start] == 0xFF && bytes[start + 1] & 0x80 != 0)
        {
            start += 1
        }
        guard range.upperBound - start <= 8 else { return nil }
        var value: UInt64 = bytes[start] & 0x80 != 0 ? UInt64.max : 0
        for index in start..<range.upperBound {
            value = (value << 8) | UInt64(bytes[index])
        }
        return Int(truncatingIfNeeded: value)
    }

    /// Dotted text of OBJECT IDENTIFIER contents (X.690 §8.19), or nil when an arc does not end or
    /// exceeds 64 bits (UUID arcs under 2.25 do; they are rare enough in CMP to report as undecodable).
    public static func dottedOID(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        dottedOID(bytes[range])
    }

    /// As above, for OBJECT IDENTIFIER contents given as a slice (swift-asn1's primitive content).
    public static func dottedOID(_ content: ArraySlice<UInt8>) -> String? {
        let range = content.indices
        let bytes = content
        guard !range.isEmpty else { return nil }
        // Written straight into the string's storage: every OID in every tree and summary passes here.
        // An arc of n octets has at most 7n bits, so at most 3n decimal digits; with its dot and the
        // first arc's split, 4 bytes of text per octet (plus two) always suffice.
        var valid = true
        let text = String(unsafeUninitializedCapacity: range.count * 4 + 2) { buffer in
            var length = 0
            func append(_ value: UInt64) {
                var digits: (UInt64, Int) = (value, 0)
                var divisor: UInt64 = 1
                while digits.0 / divisor >= 10 { divisor *= 10; digits.1 += 1 }
                while divisor > 0 {
                    buffer[length] = UInt8(truncatingIfNeeded: 0x30 &+ (digits.0 / divisor) % 10)
                    length += 1
                    divisor /= 10
                }
            }
            var arc: UInt64 = 0
            var first = true
            var pendingOctets = false
            for index in range {
                let octet = bytes[index]
                guard arc >> 57 == 0 else { valid = false; return 0 }
                arc = (arc << 7) | UInt64(octet & 0x7F)
                pendingOctets = true
                if octet & 0x80 != 0 { continue }
                if first {
                    let top: UInt64 = arc < 40 ? 0 : (arc < 80 ? 1 : 2)
                    append(top)
                    buffer[length] = 0x2E
                    length += 1
                    append(arc - top * 40)
                    first = false
                } else {
                    buffer[length] = 0x2E
                    length += 1
                    append(arc)
                }
                arc = 0
                pendingOctets = false
            }
            if pendingOctets { valid = false }
            return length
        }
        return valid ? text : nil
    }

    /// Lower-case hex of the bytes in `range`.
    public static func hex(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        Hex.string(bytes[range])
    }
}
