import CMPCore

/// A link-layer framing for test packets, with the libpcap link type a capture file must declare.
public enum LinkLayer: Sendable {
    /// Ethernet II with optional VLAN tags (outermost first); padded with zeros to `minimumLength`
    /// bytes (60 = the 802.3 minimum without FCS) to test that padding never becomes payload.
    case ethernet(vlanTags: [VLANTag] = [], minimumLength: Int = 0)
    /// Linux cooked capture v1 (16-byte header, protocol at offset 14).
    case sll
    /// Linux cooked capture v2 (20-byte header, protocol at offset 0).
    case sll2
    /// BSD loopback: 4-byte address family in the capturing host's byte order.
    case null(bigEndian: Bool = false, ipv6Family: UInt32 = 30)
    /// OpenBSD loopback: address family in network byte order.
    case loop
    /// Raw IP with the given link type (12, 101, 228 or 229).
    case raw(LinkType = .raw)

    public var linkType: LinkType {
        switch self {
        case .ethernet: .ethernet
        case .sll: .linuxSLL
        case .sll2: .linuxSLL2
        case .null: .null
        case .loop: .loop
        case .raw(let type): type
        }
    }

    /// Wraps an IP packet (version taken from its first nibble) in this link layer.
    public func wrap(_ ip: [UInt8]) -> [UInt8] {
        let isV6 = (ip.first ?? 0) >> 4 == 6
        let etherType: UInt16 = isV6 ? 0x86DD : 0x0800
        var w = ByteWriter()
        switch self {
        case .ethernet(let tags, let minimumLength):
            w.append([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01])
            for tag in tags { w.u16(tag.tpid); w.u16(tag.vlanID & 0x0FFF) }
            w.u16(etherType)
            w.append(ip)
            while w.bytes.count < minimumLength { w.u8(0) }
        case .sll:
            // packet type 0 (to us), ARPHRD_ETHER 1, address length 6, address padded to 8, protocol.
            w.u16(0); w.u16(1); w.u16(6); w.append([0x02, 0, 0, 0, 0, 0x02, 0, 0]); w.u16(etherType)
            w.append(ip)
        case .sll2:
            // protocol, reserved, interface index, ARPHRD, packet type, address length, address (8).
            w.u16(etherType); w.u16(0); w.u32(1); w.u16(1); w.u8(0); w.u8(6)
            w.append([0x02, 0, 0, 0, 0, 0x02, 0, 0])
            w.append(ip)
        case .null(let bigEndian, let v6Family):
            var family = ByteWriter(bigEndian: bigEndian)
            family.u32(isV6 ? v6Family : 2)
            w.append(family.bytes); w.append(ip)
        case .loop:
            w.u32(isV6 ? 24 : 2); w.append(ip)
        case .raw:
            w.append(ip)
        }
        return w.bytes
    }
}
