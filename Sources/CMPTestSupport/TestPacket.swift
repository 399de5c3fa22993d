import CMPCore

/// Builders for IP and TCP packets, byte by byte from RFC 791 / RFC 8200 / RFC 9293, so tests of the
/// packet decoder and the later stages do not depend on captured files.
///
/// Checksums are filled in correctly (RFC 1071) so the frames also open cleanly in tshark when a
/// test writes them out for a human to look at; the decoder itself ignores checksums.
public enum TestPacket {
    /// IP protocol numbers used by the builders.
    public static let protocolTCP: UInt8 = 6
    public static let protocolUDP: UInt8 = 17

    /// An IPv4 or IPv6 packet (chosen by the address family of `src`) carrying one TCP segment.
    public static func tcp(
        src: Endpoint, dst: Endpoint, seq: UInt32, ack: UInt32 = 0, flags: TCPFlags,
        payload: [UInt8], options: [UInt8] = [], window: UInt16 = 65535, ipID: UInt16 = 1
    ) -> [UInt8] {
        let segment = tcpSegment(
            src: src, dst: dst, seq: seq, ack: ack, flags: flags, payload: payload, options: options,
            window: window)
        if src.address.isIPv6 {
            return ipv6(src: src.address, dst: dst.address, nextHeader: protocolTCP, payload: segment)
        }
        return ipv4(src: src.address, dst: dst.address, protocol: protocolTCP, payload: segment, id: ipID)
    }

    /// The TCP header (options padded with zero = EOL to a multiple of 4) plus payload.
    public static func tcpSegment(
        src: Endpoint, dst: Endpoint, seq: UInt32, ack: UInt32 = 0, flags: TCPFlags,
        payload: [UInt8], options: [UInt8] = [], window: UInt16 = 65535
    ) -> [UInt8] {
        var paddedOptions = options
        while paddedOptions.count % 4 != 0 { paddedOptions.append(0) }
        var w = ByteWriter()
        w.u16(src.port); w.u16(dst.port); w.u32(seq); w.u32(ack)
        w.u8(UInt8((20 + paddedOptions.count) / 4) << 4); w.u8(flags.rawValue)
        w.u16(window); w.u16(0); w.u16(0)
        w.append(paddedOptions); w.append(payload)
        var bytes = w.bytes
        let pseudo: [UInt8]
        if src.address.isIPv6 {
            var p = ByteWriter()
            p.append(src.address.bytes); p.append(dst.address.bytes)
            p.u32(UInt32(bytes.count)); p.append([0, 0, 0, protocolTCP])
            pseudo = p.bytes
        } else {
            var p = ByteWriter()
            p.append(src.address.bytes); p.append(dst.address.bytes)
            p.u8(0); p.u8(protocolTCP); p.u16(UInt16(truncatingIfNeeded: bytes.count))
            pseudo = p.bytes
        }
        let sum = checksum(pseudo + bytes)
        bytes[16] = UInt8(sum >> 8); bytes[17] = UInt8(sum & 0xFF)
        return bytes
    }

    /// An IPv4 packet. `fragmentOffset` is in bytes (must be a multiple of 8); `options` are padded to 4.
    public static func ipv4(
        src: IPAddress, dst: IPAddress, protocol proto: UInt8, payload: [UInt8], id: UInt16 = 1,
        dontFragment: Bool = false, moreFragments: Bool = false, fragmentOffset: Int = 0,
        options: [UInt8] = [], ttl: UInt8 = 64, totalLengthOverride: UInt16? = nil
    ) -> [UInt8] {
        var paddedOptions = options
        while paddedOptions.count % 4 != 0 { paddedOptions.append(0) }
        let headerLength = 20 + paddedOptions.count
        var w = ByteWriter()
        w.u8(0x40 | UInt8(headerLength / 4)); w.u8(0)
        w.u16(totalLengthOverride ?? UInt16(truncatingIfNeeded: headerLength + payload.count))
        w.u16(id)
        var flagsAndOffset = UInt16(truncatingIfNeeded: fragmentOffset / 8) & 0x1FFF
        if dontFragment { flagsAndOffset |= 0x4000 }
        if moreFragments { flagsAndOffset |= 0x2000 }
        w.u16(flagsAndOffset)
        w.u8(ttl); w.u8(proto); w.u16(0)
        w.append(src.bytes); w.append(dst.bytes); w.append(paddedOptions)
        var bytes = w.bytes
        let sum = checksum(bytes)
        bytes[10] = UInt8(sum >> 8); bytes[11] = UInt8(sum & 0xFF)
        return bytes + payload
    }

    /// An IPv6 packet with the given extension headers between the fixed header and `payload`,
    /// whose protocol is `nextHeader`; each extension header's Next Header field is chained.
    public static func ipv6(
        src: IPAddress, dst: IPAddress, nextHeader: UInt8, payload: [UInt8],
        extensionHeaders: [IPv6ExtensionHeader] = [], hopLimit: UInt8 = 64, payloadLengthOverride: UInt16? = nil
    ) -> [UInt8] {
        var chain = [UInt8]()
        for (index, header) in extensionHeaders.enumerated() {
            let next = index + 1 < extensionHeaders.count ? extensionHeaders[index + 1].protocolNumber : nextHeader
            chain += header.encoded(nextHeader: next)
        }
        let first = extensionHeaders.first?.protocolNumber ?? nextHeader
        var w = ByteWriter()
        w.u32(0x6000_0000)
        w.u16(payloadLengthOverride ?? UInt16(truncatingIfNeeded: chain.count + payload.count))
        w.u8(first); w.u8(hopLimit)
        w.append(src.bytes); w.append(dst.bytes)
        return w.bytes + chain + payload
    }

    /// Splits an IPv4 packet (as built by `ipv4`/`tcp`) into fragments of at most `payloadSize`
    /// payload bytes each (rounded down to a multiple of 8, RFC 791), copying the header (options too).
    public static func fragmentIPv4(_ packet: [UInt8], payloadSize: Int) -> [[UInt8]] {
        let headerLength = Int(packet[0] & 0x0F) * 4
        let src = IPAddress.v4(readU32(packet, 12)), dst = IPAddress.v4(readU32(packet, 16))
        let id = UInt16(packet[4]) << 8 | UInt16(packet[5])
        let options = Array(packet[20..<headerLength])
        let payload = Array(packet[headerLength...])
        let step = max(8, payloadSize / 8 * 8)
        var fragments = [[UInt8]]()
        var offset = 0
        while offset < payload.count || (offset == 0 && payload.isEmpty) {
            let end = min(offset + step, payload.count)
            fragments.append(ipv4(
                src: src, dst: dst, protocol: packet[9], payload: Array(payload[offset..<end]), id: id,
                moreFragments: end < payload.count, fragmentOffset: offset, options: options, ttl: packet[8]))
            offset = end
            if payload.isEmpty { break }
        }
        return fragments
    }

    /// Splits an IPv6 packet without extension headers into fragments carrying a Fragment header
    /// (RFC 8200 §4.5) with `payloadSize` bytes (multiple of 8) of the original payload each.
    public static func fragmentIPv6(_ packet: [UInt8], payloadSize: Int, id: UInt32) -> [[UInt8]] {
        let src = IPAddress(v6: packet[8..<24]) ?? .v6(0, 0), dst = IPAddress(v6: packet[24..<40]) ?? .v6(0, 0)
        let nextHeader = packet[6]
        let payload = Array(packet[40...])
        let step = max(8, payloadSize / 8 * 8)
        var fragments = [[UInt8]]()
        var offset = 0
        repeat {
            let end = min(offset + step, payload.count)
            fragments.append(ipv6(
                src: src, dst: dst, nextHeader: nextHeader, payload: Array(payload[offset..<end]),
                extensionHeaders: [.fragment(offset: offset, moreFragments: end < payload.count, id: id)]))
            offset = end
        } while offset < payload.count
        return fragments
    }

    /// RFC 1071 Internet checksum.
    public static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    static func readU32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
