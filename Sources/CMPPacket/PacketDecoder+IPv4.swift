import CMPCore

extension PacketDecoder {
    /// RFC 791. The total length is trusted over the captured length so Ethernet padding (frames
    /// below 60 bytes) never becomes TCP payload. A total length beyond what was captured (a snapped
    /// capture, or a lying header) is reported as malformed rather than delivering a short payload:
    /// the reassembler would otherwise take the missing bytes as received.
    mutating func decodeIPv4(_ reader: inout ByteReader, _ frame: Frame) -> PacketDecodeResult {
        let start = reader.offset
        let captured = reader.remaining
        guard captured >= 20, let first = reader.peekU8(), let totalField = reader.peekU16(at: 2),
            let id = reader.peekU16(at: 4), let flagsAndOffset = reader.peekU16(at: 6),
            let proto = reader.peekU8(at: 9), let source = reader.peekU32(at: 12),
            let destination = reader.peekU32(at: 16)
        else {
            return truncated("ipv4", at: start, need: 20, have: captured)
        }
        let headerLength = Int(first & 0x0F) * 4
        guard headerLength >= 20 else {
            return .malformed(PacketError(layer: "ipv4", offset: start, reason: "header length \(headerLength) is below 20"))
        }
        guard headerLength <= captured else {
            return truncated("ipv4", at: start, need: headerLength, have: captured)
        }
        // Other protocols are named even when snapped: they need no payload from us.
        guard proto == TCPProtocol.number else { return .notTCP(Self.protocolName(proto)) }
        // Total length 0 is what TSO/GSO leaves in packets captured on the sending host before
        // segmentation (Wireshark's "TSO support" preference treats it the same): use what was captured.
        let totalLength = totalField == 0 ? captured : Int(totalField)
        guard totalLength >= headerLength else {
            return .malformed(PacketError(
                layer: "ipv4", offset: start + 2,
                reason: "total length \(totalLength) is below the header length \(headerLength)"))
        }
        guard totalLength <= captured else {
            return .malformed(PacketError(
                layer: "ipv4", offset: start + 2,
                reason: "total length \(totalLength) exceeds the \(captured) bytes captured (snapped or truncated)"))
        }
        guard reader.limit(to: totalLength), reader.skip(headerLength) else {
            return truncated("ipv4", at: start, need: headerLength, have: captured)
        }
        let src = IPAddress.v4(source), dst = IPAddress.v4(destination)
        let moreFragments = flagsAndOffset & 0x2000 != 0
        let fragmentOffset = Int(flagsAndOffset & 0x1FFF) * 8
        if !moreFragments && fragmentOffset == 0 {
            return decodeTCP(&reader, frame, source: src, destination: dst, payloadInFrame: true, datagramOffset: start)
        }
        let payloadStart = reader.offset
        let key = FragmentKey(source: src, destination: dst, protocolNumber: proto, identification: UInt32(id))
        switch addFragment(
            key: key, offset: fragmentOffset, moreFragments: moreFragments, data: reader.rest(), nextHeader: proto,
            frame: frame, layer: "ipv4", errorOffset: start + 6)
        {
        case .done(let result):
            return result
        case .complete(let datagram, _):
            var inner = ByteReader(datagram)
            return decodeTCP(&inner, frame, source: src, destination: dst, payloadInFrame: false, datagramOffset: payloadStart)
        }
    }

    enum FragmentStep {
        case done(PacketDecodeResult)
        case complete(UnsafeRawBufferPointer, nextHeader: UInt8)
    }

    /// Hands one fragment to the reassembler; errors are reported at `errorOffset` (the fragment
    /// fields of the IP header) of `layer`.
    mutating func addFragment(
        key: FragmentKey, offset: Int, moreFragments: Bool, data: UnsafeRawBufferPointer, nextHeader: UInt8,
        frame: Frame, layer: String, errorOffset: Int
    ) -> FragmentStep {
        switch fragments.add(
            key: key, offset: offset, moreFragments: moreFragments, data: data, nextHeader: nextHeader,
            time: frame.timestamp, limits: limits)
        {
        case .held: .done(.fragmentHeld)
        case .invalid(let reason): .done(.malformed(PacketError(layer: layer, offset: errorOffset, reason: reason)))
        case .complete(let datagram, let first): .complete(datagram, nextHeader: first)
        }
    }
}

/// IP protocol number of TCP, named once.
enum TCPProtocol {
    static let number: UInt8 = 6
}
