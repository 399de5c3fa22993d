import CMPCore

extension PacketDecoder {
    /// RFC 8200: the fixed header, then the extension header chain up to TCP. Fragments (§4.5) are
    /// reassembled and the chain continues inside the reassembled fragmentable part. ESP (50) hides
    /// what follows and No Next Header (59) ends the packet. Jumbograms (RFC 2675) are not supported:
    /// a payload length of 0 is taken as "what was captured", as for TSO-captured IPv4.
    mutating func decodeIPv6(_ reader: inout ByteReader, _ frame: Frame) -> PacketDecodeResult {
        let start = reader.offset
        let captured = reader.remaining
        guard captured >= 40, let payloadField = reader.peekU16(at: 4), let firstNext = reader.peekU8(at: 6),
            let srcHigh = reader.peekU64(at: 8), let srcLow = reader.peekU64(at: 16),
            let dstHigh = reader.peekU64(at: 24), let dstLow = reader.peekU64(at: 32), reader.skip(40)
        else {
            return truncated("ipv6", at: start, need: 40, have: captured)
        }
        let available = captured - 40
        let payloadLength = payloadField == 0 && firstNext != 59 ? available : Int(payloadField)
        guard reader.limit(to: payloadLength) else {
            return .malformed(PacketError(
                layer: "ipv6", offset: start + 4,
                reason: "payload length \(payloadLength) exceeds the \(available) bytes captured (snapped or truncated)"))
        }
        let src = IPAddress.v6(srcHigh, srcLow), dst = IPAddress.v6(dstHigh, dstLow)
        var next = firstNext
        var inFrame = true
        var datagramOffset = start
        while true {
            let headerStart = inFrame ? reader.offset : datagramOffset
            switch next {
            case TCPProtocol.number:
                return decodeTCP(&reader, frame, source: src, destination: dst, payloadInFrame: inFrame, datagramOffset: datagramOffset)
            case 0, 43, 60, 135, 139, 140, 51:
                // Hop-by-hop, routing, destination options, mobility, HIP, shim6: length in 8-octet
                // units not counting the first 8 (RFC 8200 §4.3-4.6, RFC 6275, 7401, 5533); AH: in
                // 4-octet units minus 2 (RFC 4302 §2.2).
                guard let following = reader.peekU8(), let units = reader.peekU8(at: 1),
                    reader.skip(next == 51 ? (Int(units) + 2) * 4 : (Int(units) + 1) * 8)
                else {
                    return .malformed(PacketError(layer: "ipv6", offset: headerStart, reason: "extension header \(next) truncated"))
                }
                next = following
            case 44:
                guard let following = reader.peekU8(), let offsetField = reader.peekU16(at: 2),
                    let id = reader.peekU32(at: 4), reader.skip(8)
                else {
                    return .malformed(PacketError(layer: "ipv6", offset: headerStart, reason: "fragment header truncated"))
                }
                let fragmentOffset = Int(offsetField >> 3) * 8
                let more = offsetField & 1 != 0
                if fragmentOffset == 0 && !more {
                    next = following  // atomic fragment (RFC 6946): nothing to reassemble
                    continue
                }
                guard inFrame else {
                    return .malformed(PacketError(layer: "ipv6", offset: headerStart, reason: "fragment header inside a reassembled datagram"))
                }
                guard following == TCPProtocol.number || Self.isIPv6ExtensionHeader(following) else {
                    return .notTCP(Self.protocolName(following))
                }
                let payloadStart = reader.offset
                let key = FragmentKey(source: src, destination: dst, protocolNumber: 44, identification: id)
                switch addFragment(
                    key: key, offset: fragmentOffset, moreFragments: more, data: reader.rest(), nextHeader: following,
                    frame: frame, layer: "ipv6", errorOffset: headerStart)
                {
                case .done(let result):
                    return result
                case .complete(let datagram, let firstNextHeader):
                    reader = ByteReader(datagram)
                    inFrame = false
                    datagramOffset = payloadStart
                    next = firstNextHeader
                }
            default:
                return .notTCP(Self.protocolName(next))
            }
        }
    }

    static func isIPv6ExtensionHeader(_ number: UInt8) -> Bool {
        switch number {
        case 0, 43, 44, 51, 60, 135, 139, 140: true
        default: false
        }
    }
}
