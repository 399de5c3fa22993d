import CMPCore

extension PacketDecoder {
    /// RFC 9293 §3.1. `reader` is limited to the TCP segment (IP payload). `payloadInFrame` is false
    /// for reassembled datagrams, whose errors are reported at `datagramOffset` (the frame offset of
    /// the completing fragment's payload), since their own offsets are not frame offsets.
    func decodeTCP(
        _ reader: inout ByteReader, _ frame: Frame, source: IPAddress, destination: IPAddress,
        payloadInFrame: Bool, datagramOffset: Int
    ) -> PacketDecodeResult {
        let start = payloadInFrame ? reader.offset : datagramOffset
        let length = reader.remaining
        guard let sourcePort = reader.readU16(), let destinationPort = reader.readU16(),
            let seq = reader.readU32(), let ack = reader.readU32(),
            let offsetByte = reader.readU8(), let flagsByte = reader.readU8(),
            let window = reader.readU16(), reader.skip(4)
        else {
            return .malformed(PacketError(layer: "tcp", offset: start, reason: "truncated: header needs 20 bytes, \(length) in segment"))
        }
        let headerLength = Int(offsetByte >> 4) * 4
        guard headerLength >= 20 else {
            return .malformed(PacketError(
                layer: "tcp", offset: payloadInFrame ? start + 12 : start,
                reason: "data offset \(headerLength / 4) is below the minimum 5"))
        }
        guard reader.skip(headerLength - 20) else {
            return .malformed(PacketError(
                layer: "tcp", offset: payloadInFrame ? start + 12 : start,
                reason: "data offset \(headerLength) bytes exceeds the \(length)-byte segment"))
        }
        let payloadOffset = payloadInFrame ? reader.offset : nil
        return .tcp(TCPSegment(
            frame: frame.ref,
            source: Endpoint(address: source, port: sourcePort),
            destination: Endpoint(address: destination, port: destinationPort),
            sequenceNumber: seq, acknowledgmentNumber: ack, flags: TCPFlags(rawValue: flagsByte),
            window: window, payload: reader.rest(), payloadOffsetInFrame: payloadOffset))
    }
}
