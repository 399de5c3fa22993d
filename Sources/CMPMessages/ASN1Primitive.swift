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
        guard !range.isEmpty else { return nil }
        var text = ""
        var arc: UInt64 = 0
        var first = true
        var pendingOctets = false
        for index in range {
            let octet = bytes[index]
            guard arc >> 57 == 0 else { return nil }
            arc = (arc << 7) | UInt64(octet & 0x7F)
            pendingOctets = true
            if octet & 0x80 != 0 { continue }
            if first {
                let top: UInt64 = arc < 40 ? 0 : (arc < 80 ? 1 : 2)
                text += "\(top).\(arc - top * 40)"
                first = false
            } else {
                text += ".\(arc)"
            }
            arc = 0
            pendingOctets = false
        }
        return pendingOctets ? nil : text
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of the bytes in `range`.
    public static func hex(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        var utf8 = [UInt8]()
        utf8.reserveCapacity(range.count * 2)
        for index in range {
            utf8.append(hexDigits[Int(bytes[index] >> 4)])
            utf8.append(hexDigits[Int(bytes[index] & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
