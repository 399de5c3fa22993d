import CMPCore
import CMPReassembly

/// The TCP reassembler. The input is a sequence of segments `[control u8][flags u8][seq u32]
/// [length u16][payload]`: control bit 0 is the direction, bits 1–2 one of four connections, bits 3–7
/// how many 20-second steps the capture clock advances. Limits are small so that eviction, the
/// out-of-order caps and the buffer caps are all reached; a checking consumer verifies the
/// `StreamConsumer` contract and the reassembler's byte accounting after every segment.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReassembly(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var limits = Limits()
    limits.maxFlows = 3
    limits.maxOutOfOrderBytesPerDirection = 2048
    limits.maxOutOfOrderSegmentsPerDirection = 8
    limits.maxBufferedBytesPerDirection = 4096
    limits.maxBufferedBytesTotal = 8192
    var reassembler = TCPReassembler(limits: limits)
    var consumer = CheckingConsumer()
    var reader = FuzzReader(UnsafeRawBufferPointer(start: data, count: count))
    var seconds: Int64 = 1_700_000_000
    var number = 0
    let server = Endpoint(address: IPAddress(v4: (192, 0, 2, 1)), port: 80)
    while !reader.isAtEnd {
        let control = reader.u8()
        let flags = TCPFlags(rawValue: reader.u8())
        let sequence = reader.u32()
        let payload = reader.take(Int(reader.u16()))
        seconds += Int64(control >> 3) * 20
        number += 1
        let client = Endpoint(address: IPAddress(v4: (198, 51, 100, 7)), port: 40000 + UInt16((control >> 1) & 3))
        let toServer = control & 1 == 0
        let segment = TCPSegment(
            frame: FrameRef(number: number, timestamp: Timestamp(seconds: seconds, nanoseconds: 0)),
            source: toServer ? client : server, destination: toServer ? server : client,
            sequenceNumber: sequence, acknowledgmentNumber: 0, flags: flags, window: 65535, payload: payload,
            payloadOffsetInFrame: nil)
        reassembler.ingest(segment, into: &consumer)
        fuzzCheck(reassembler.activeFlowCount <= limits.maxFlows, "\(reassembler.activeFlowCount) flows tracked")
        fuzzCheck(reassembler.bufferedBytes >= 0 && reassembler.bufferedBytes <= limits.maxBufferedBytesTotal,
                  "\(reassembler.bufferedBytes) bytes buffered")
    }
    reassembler.finish(into: &consumer)
    fuzzCheck(reassembler.activeFlowCount == 0, "flows left after finish")
    fuzzCheck(reassembler.bufferedBytes == 0, "\(reassembler.bufferedBytes) bytes still counted after finish")
    fuzzCheck(consumer.open.allSatisfy { !$0 }, "a connection was never closed")
    return 0
}

/// A consumer that frames nothing but checks the reassembler keeps its side of the contract:
/// callbacks only between open and close, each direction's stream offsets only grow, nothing after a
/// direction ended, and a gap moves the stream end by exactly the bytes lost. It keeps short tails
/// unconsumed (as a framer waiting for a header does), declares a connection non-CMP when its first
/// byte is 0x00 and resumes it on a payload starting with "P" (late detection).
struct CheckingConsumer: StreamConsumer {
    var open = [Bool]()
    var ended = [[Bool]]()
    var endOffsets = [[UInt64]]()
    var unwanted = [Bool]()
    var resumed = [Bool]()

    private mutating func grow(to slot: Int) {
        while open.count <= slot {
            open.append(false)
            ended.append([false, false])
            endOffsets.append([0, 0])
            unwanted.append(false)
            resumed.append(false)
        }
    }

    private func checkOpen(_ slot: Int, _ what: String) {
        fuzzCheck(slot < open.count && open[slot], "\(what) on slot \(slot), which is not open")
    }

    mutating func connectionOpened(slot: Int, client: Endpoint, server: Endpoint) {
        grow(to: slot)
        fuzzCheck(!open[slot], "slot \(slot) opened twice")
        open[slot] = true
        ended[slot] = [false, false]
        endOffsets[slot] = [0, 0]
        unwanted[slot] = false
        resumed[slot] = false
    }

    private mutating func advance(_ slot: Int, _ direction: Direction, to end: UInt64, _ what: String) {
        let side = direction.rawValue
        fuzzCheck(end >= endOffsets[slot][side], "\(what): stream end went back from \(endOffsets[slot][side]) to \(end)")
        endOffsets[slot][side] = end
    }

    mutating func streamData(slot: Int, direction: Direction, buffer: inout StreamBuffer) {
        checkOpen(slot, "data")
        fuzzCheck(!ended[slot][direction.rawValue], "data after the end of slot \(slot) \(direction)")
        advance(slot, direction, to: buffer.endOffset, "data")
        if buffer.readerOffset == 0, buffer.peek(at: 0) == 0x00 { unwanted[slot] = true }
        if buffer.readableBytes >= 8 { buffer.consume(buffer.readableBytes - buffer.readableBytes % 8) }
    }

    mutating func streamGap(slot: Int, direction: Direction, buffer: inout StreamBuffer, lostBytes: UInt64) {
        checkOpen(slot, "gap")
        fuzzCheck(!ended[slot][direction.rawValue], "gap after the end of slot \(slot) \(direction)")
        fuzzCheck(lostBytes > 0, "a gap of 0 bytes")
        let expected = buffer.endOffset + lostBytes
        buffer.discardReadable(thenSkip: lostBytes)
        fuzzCheck(buffer.endOffset == expected, "discardReadable(thenSkip:) ends at \(buffer.endOffset), not \(expected)")
        advance(slot, direction, to: buffer.endOffset, "gap")
    }

    mutating func streamEnded(slot: Int, direction: Direction, buffer: inout StreamBuffer) {
        checkOpen(slot, "end")
        fuzzCheck(!ended[slot][direction.rawValue], "slot \(slot) \(direction) ended twice")
        ended[slot][direction.rawValue] = true
        advance(slot, direction, to: buffer.endOffset, "end")
        buffer.consume(buffer.readableBytes)
    }

    mutating func connectionClosed(slot: Int) {
        checkOpen(slot, "close")
        // A connection the consumer declared non-CMP is forgotten without its ends being reported, and
        // a direction that ended while the connection was not followed is not reported after a resume.
        fuzzCheck(ended[slot] == [true, true] || unwanted[slot] || resumed[slot],
                  "slot \(slot) closed before both directions ended")
        open[slot] = false
    }

    mutating func reassemblyFinding(slot: Int, direction: Direction, _ finding: Finding) {
        checkOpen(slot, "finding")
    }

    func wantsData(slot: Int) -> Bool {
        slot < unwanted.count ? !unwanted[slot] : true
    }

    mutating func shouldResume(slot: Int, direction: Direction, payload: UnsafeRawBufferPointer) -> Bool {
        checkOpen(slot, "resume")
        guard payload.first == UInt8(ascii: "P") else { return false }
        unwanted[slot] = false
        resumed[slot] = true
        return true
    }
}
