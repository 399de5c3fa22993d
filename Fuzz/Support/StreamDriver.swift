import CMPCore
import CMPTransport

/// Drives one `TransportSession` with a byte string read as records `[control u8][length u16][bytes]`:
/// control bit 0 is the direction; bits 1–2 select what follows the bytes: nothing, a gap (its size a
/// u32 read next), or the end of that direction. This reaches every entry point the reassembler uses
/// (receive, gap, finish), in any order, with segment boundaries anywhere.
struct StreamDriver {
    /// Small limits, so the fuzzer reaches the limit paths with small inputs.
    static var limits: Limits {
        var limits = Limits()
        limits.maxPDUSize = 4096
        limits.maxHTTPHeaderBytes = 512
        limits.classificationWindow = 256
        return limits
    }

    static func run(_ data: UnsafeRawBufferPointer, decodeAs hint: TransportHint?) {
        let limits = Self.limits
        var reader = FuzzReader(data)
        let client = Endpoint(address: IPAddress(v4: (10, 0, 0, 1)), port: 50000)
        let server = Endpoint(address: IPAddress(v4: (10, 0, 0, 2)), port: hint == .tcpMessaging ? 829 : 80)
        var session = TransportSession(connectionIndex: 0, client: client, server: server, decodeAs: hint, limits: limits)
        var buffers = [StreamBuffer(), StreamBuffer()]
        var ended = [false, false]
        var frameNumber = 0
        let emit: (CMPEnvelope) -> Void = { envelope in
            fuzzCheck((envelope.pkiMessage?.count ?? 0) <= limits.maxPDUSize,
                      "an envelope of \(envelope.pkiMessage?.count ?? 0) bytes passed the \(limits.maxPDUSize) limit")
        }
        while !reader.isAtEnd {
            let control = reader.u8()
            let length = Int(reader.u16())
            let bytes = reader.take(length)
            let side = Int(control & 1)
            guard let direction = Direction(rawValue: side), !ended[side] else { continue }
            frameNumber += 1
            if !bytes.isEmpty {
                let before = buffers[side].endOffset
                buffers[side].append(bytes, from: FrameRef(number: frameNumber, timestamp: Timestamp(seconds: Int64(frameNumber), nanoseconds: 0)))
                fuzzCheck(buffers[side].endOffset == before + UInt64(bytes.count), "append lost bytes")
                session.receive(&buffers[side], direction: direction, emit: emit)
            }
            switch (control >> 1) & 3 {
            case 1:
                let lost = UInt64(reader.u32())
                let expectedEnd = buffers[side].endOffset + lost
                session.gap(&buffers[side], direction: direction, lostBytes: lost, emit: emit)
                fuzzCheck(buffers[side].endOffset == expectedEnd,
                          "after a gap of \(lost) the stream ends at \(buffers[side].endOffset), not \(expectedEnd)")
            case 2:
                session.finish(&buffers[side], direction: direction, emit: emit)
                ended[side] = true
            default:
                break
            }
        }
        for side in 0..<2 where !ended[side] {
            guard let direction = Direction(rawValue: side) else { continue }
            session.finish(&buffers[side], direction: direction, emit: emit)
        }
    }
}
