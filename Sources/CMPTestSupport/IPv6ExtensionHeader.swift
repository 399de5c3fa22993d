import CMPCore

/// An IPv6 extension header for `TestPacket.ipv6` (RFC 8200 §4, RFC 4302 for AH).
public enum IPv6ExtensionHeader: Sendable {
    /// Options area padded (PadN) so the header is `8 * (1 + extraUnits)` bytes long.
    case hopByHop(extraUnits: Int = 0)
    case routing(extraUnits: Int = 0)
    case destinationOptions(extraUnits: Int = 0)
    /// `offset` in bytes (multiple of 8).
    case fragment(offset: Int, moreFragments: Bool, id: UInt32)
    /// Authentication Header with `icvWords` 32-bit words of ICV (length field counts 4-byte units minus 2).
    case authentication(icvWords: Int = 3)

    public var protocolNumber: UInt8 {
        switch self {
        case .hopByHop: 0
        case .routing: 43
        case .destinationOptions: 60
        case .fragment: 44
        case .authentication: 51
        }
    }

    func encoded(nextHeader: UInt8) -> [UInt8] {
        switch self {
        case .hopByHop(let extra), .destinationOptions(let extra):
            // PadN option (type 1) filling the 6 + 8*extra option bytes.
            let optionBytes = 6 + 8 * extra
            return [nextHeader, UInt8(extra), 1, UInt8(optionBytes - 2)] + Array(repeating: 0, count: optionBytes - 2)
        case .routing(let extra):
            // Routing type 253 (RFC 4727 experiment) with segments left 0: nodes ignore it
            // (RFC 8200 §4.4), so its body is opaque and only the length matters.
            return [nextHeader, UInt8(extra), 253, 0] + Array(repeating: 0, count: 4 + 8 * extra)
        case .fragment(let offset, let more, let id):
            var w = ByteWriter()
            w.u8(nextHeader); w.u8(0)
            w.u16(UInt16(truncatingIfNeeded: offset / 8) << 3 | (more ? 1 : 0))
            w.u32(id)
            return w.bytes
        case .authentication(let icvWords):
            var w = ByteWriter()
            w.u8(nextHeader); w.u8(UInt8(1 + icvWords)); w.u16(0)
            w.u32(0x1234); w.u32(1)
            w.append(Array(repeating: 0xAA, count: 4 * icvWords))
            return w.bytes
        }
    }
}
