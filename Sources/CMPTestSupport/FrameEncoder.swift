import CMPCore

/// Builds Ethernet (optionally 802.1Q-tagged) IPv4/IPv6 TCP and UDP frames into one reused buffer,
/// with correct IPv4 header and TCP/UDP checksums (RFC 791, RFC 1071, RFC 8200 §8.1), quickly
/// enough to write a gigabyte of capture in seconds: no intermediate arrays per frame.
struct FrameEncoder {
    private(set) var frame: [UInt8] = []

    init() { frame.reserveCapacity(2048) }

    mutating func tcp(_ flow: FlowAddressing, fromClient: Bool, seq: UInt32, ack: UInt32, flags: UInt8,
                      payload: ArraySlice<UInt8>, ipID: UInt16) {
        let ipStart = link(flow)
        let transportStart = ipStart + (flow.isIPv6 ? 40 : 20)
        ip(flow, fromClient: fromClient, protocolNumber: 6, transportLength: 20 + payload.count, ipID: ipID)
        let (src, dst) = fromClient ? (flow.client, flow.server) : (flow.server, flow.client)
        u16(src.port); u16(dst.port); u32(seq); u32(ack)
        frame.append(0x50); frame.append(flags); u16(65535); u16(0); u16(0)
        frame.append(contentsOf: payload)
        checksum(flow, fromClient: fromClient, protocolNumber: 6, transportStart: transportStart, at: transportStart + 16)
    }

    mutating func udp(_ flow: FlowAddressing, fromClient: Bool, payload: ArraySlice<UInt8>, ipID: UInt16) {
        let ipStart = link(flow)
        let transportStart = ipStart + (flow.isIPv6 ? 40 : 20)
        ip(flow, fromClient: fromClient, protocolNumber: 17, transportLength: 8 + payload.count, ipID: ipID)
        let (src, dst) = fromClient ? (flow.client, flow.server) : (flow.server, flow.client)
        u16(src.port); u16(dst.port); u16(UInt16(truncatingIfNeeded: 8 + payload.count)); u16(0)
        frame.append(contentsOf: payload)
        checksum(flow, fromClient: fromClient, protocolNumber: 17, transportStart: transportStart, at: transportStart + 6)
    }

    /// Ethernet header; returns where the IP header starts.
    private mutating func link(_ flow: FlowAddressing) -> Int {
        frame.removeAll(keepingCapacity: true)
        frame.append(contentsOf: [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01] as [UInt8])
        if let vlan = flow.vlanID { u16(0x8100); u16(vlan & 0x0FFF) }
        u16(flow.isIPv6 ? 0x86DD : 0x0800)
        return frame.count
    }

    private mutating func ip(_ flow: FlowAddressing, fromClient: Bool, protocolNumber: UInt8, transportLength: Int,
                             ipID: UInt16) {
        let (src, dst) = fromClient ? (flow.clientBytes, flow.serverBytes) : (flow.serverBytes, flow.clientBytes)
        if flow.isIPv6 {
            u32(0x6000_0000); u16(UInt16(truncatingIfNeeded: transportLength))
            frame.append(protocolNumber); frame.append(64)
            frame.append(contentsOf: src); frame.append(contentsOf: dst)
        } else {
            let start = frame.count
            frame.append(0x45); frame.append(0); u16(UInt16(truncatingIfNeeded: 20 + transportLength))
            u16(ipID); u16(0x4000); frame.append(64); frame.append(protocolNumber); u16(0)
            frame.append(contentsOf: src); frame.append(contentsOf: dst)
            let sum = frame.withUnsafeBytes { Self.sum(UnsafeRawBufferPointer(rebasing: $0[start..<start + 20]), 0) }
            store(Self.fold(sum), at: start + 10)
        }
    }

    private mutating func checksum(_ flow: FlowAddressing, fromClient: Bool, protocolNumber: UInt8,
                                   transportStart: Int, at position: Int) {
        let length = frame.count - transportStart
        var pseudo = UInt32(protocolNumber) + UInt32(length & 0xFFFF) + UInt32(length >> 16)
        pseudo = flow.clientBytes.withUnsafeBytes { Self.sum($0, pseudo) }
        pseudo = flow.serverBytes.withUnsafeBytes { Self.sum($0, pseudo) }
        let total = frame.withUnsafeBytes { Self.sum(UnsafeRawBufferPointer(rebasing: $0[transportStart...]), pseudo) }
        var value = Self.fold(total)
        if value == 0 && protocolNumber == 17 { value = 0xFFFF }
        store(value, at: position)
    }

    /// One's-complement sum of big-endian 16-bit words (a trailing odd byte is padded with zero).
    private static func sum(_ bytes: UnsafeRawBufferPointer, _ initial: UInt32) -> UInt32 {
        var sum = UInt64(initial)
        var index = 0
        let count = bytes.count
        while index + 1 < count {
            sum &+= UInt64(bytes[index]) << 8 | UInt64(bytes[index + 1])
            index += 2
        }
        if index < count { sum &+= UInt64(bytes[index]) << 8 }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return UInt32(sum)
    }

    private static func fold(_ sum: UInt32) -> UInt16 {
        var value = sum
        while value > 0xFFFF { value = (value & 0xFFFF) + (value >> 16) }
        return ~UInt16(value)
    }

    private mutating func store(_ value: UInt16, at position: Int) {
        frame[position] = UInt8(value >> 8); frame[position + 1] = UInt8(value & 0xFF)
    }

    private mutating func u16(_ value: UInt16) { frame.append(UInt8(value >> 8)); frame.append(UInt8(value & 0xFF)) }
    private mutating func u32(_ value: UInt32) { u16(UInt16(value >> 16)); u16(UInt16(value & 0xFFFF)) }
}
