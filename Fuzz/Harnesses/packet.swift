import CMPCore
import CMPPacket

/// The packet decoder (link layer, IPv4/IPv6 with fragments, TCP). The first byte picks the link
/// type; then records `[snap u8][length u16][frame bytes]` are decoded in order by one decoder, so
/// fragments of one datagram can meet. A nonzero snap byte makes the original length larger than
/// the captured bytes (a snapped capture).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPacket(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    let linkTypes: [LinkType] = [.ethernet, .raw, .linktypeRaw, .ipv4, .ipv6, .null, .loop, .linuxSLL, .linuxSLL2,
                                 LinkType(rawValue: 14), LinkType(rawValue: 147)]
    var reader = FuzzReader(UnsafeRawBufferPointer(start: data, count: count))
    let linkType = linkTypes[Int(reader.u8()) % linkTypes.count]
    var limits = Limits()
    limits.maxFragmentBytes = 16 * 1024
    limits.maxFragmentDatagrams = 4
    var decoder = PacketDecoder(limits: limits)
    var number = 0
    while !reader.isAtEnd {
        let snap = Int(reader.u8())
        let bytes = reader.take(Int(reader.u16()))
        number += 1
        let frame = Frame(ref: FrameRef(number: number, timestamp: Timestamp(seconds: Int64(number), nanoseconds: 0)),
                          linkType: linkType, originalLength: bytes.count + snap * 64, bytes: bytes)
        switch decoder.decode(frame) {
        case .tcp(let segment):
            if let offset = segment.payloadOffsetInFrame {
                fuzzCheck(offset >= 0 && offset + segment.payload.count <= bytes.count,
                          "payload \(offset)+\(segment.payload.count) outside a frame of \(bytes.count) bytes")
            }
            // Touch every payload byte: a dangling borrowed buffer shows up under ASan.
            var sum: UInt8 = 0
            for byte in segment.payload { sum &+= byte }
            _ = sum
        case .fragmentHeld, .notTCP, .malformed:
            break
        }
        fuzzCheck(decoder.heldFragmentBytes <= limits.maxFragmentBytes + 65_535,
                  "fragment buffers hold \(decoder.heldFragmentBytes) bytes")
        fuzzCheck(decoder.heldFragmentDatagrams <= limits.maxFragmentDatagrams,
                  "\(decoder.heldFragmentDatagrams) fragment datagrams held")
    }
    return 0
}
