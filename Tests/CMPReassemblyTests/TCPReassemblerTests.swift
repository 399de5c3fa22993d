import CMPCore
import CMPTestSupport
import XCTest
@testable import CMPReassembly

final class TCPReassemblerTests: XCTestCase {
    private let c = SegmentSpec.client
    private let s = SegmentSpec.server

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// SYN, SYN-ACK, ACK with the given initial sequence numbers.
    private func handshake(clientISN: UInt32, serverISN: UInt32) -> [SegmentSpec] {
        [SegmentSpec(fromClient: true, seq: clientISN, flags: [.syn]),
         SegmentSpec(fromClient: false, seq: serverISN, flags: [.syn, .ack]),
         SegmentSpec(fromClient: true, seq: clientISN &+ 1, flags: [.ack])]
    }

    private func run(_ specs: [SegmentSpec], limits: Limits = Limits(), consumer: RecordingConsumer = RecordingConsumer())
        -> RecordingConsumer {
        var reassembler = TCPReassembler(limits: limits)
        var consumer = consumer
        feed(specs, into: &reassembler, consumer: &consumer)
        XCTAssertEqual(reassembler.activeFlowCount, 0, "finish closes every flow")
        XCTAssertEqual(reassembler.bufferedBytes, 0, "finish releases every byte")
        return consumer
    }

    func testInOrderWithHandshakeAndFIN() {
        let specs = handshake(clientISN: 1000, serverISN: 5000) + [
            SegmentSpec(fromClient: true, seq: 1001, payload: bytes("POST / HTTP/1.0\r\n")),
            SegmentSpec(fromClient: true, seq: 1018, payload: bytes("\r\n")),
            SegmentSpec(fromClient: false, seq: 5001, payload: bytes("HTTP/1.0 200 OK\r\n\r\n")),
            SegmentSpec(fromClient: false, seq: 5020, flags: [.fin, .ack]),
            SegmentSpec(fromClient: true, seq: 1020, flags: [.fin, .ack]),
        ]
        var reassembler = TCPReassembler()
        var consumer = RecordingConsumer()
        feed(specs, into: &reassembler, consumer: &consumer, finish: false)
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("POST / HTTP/1.0\r\n\r\n"))
        XCTAssertEqual(consumer.bytes(0, .serverToClient), bytes("HTTP/1.0 200 OK\r\n\r\n"))
        XCTAssertEqual(consumer.frames[0]?[.clientToServer], [4, 5])
        XCTAssertEqual(consumer.events, [
            .opened(slot: 0, client: c, server: s), .ended(slot: 0, .serverToClient),
            .ended(slot: 0, .clientToServer), .closed(slot: 0),
        ])
        XCTAssertEqual(reassembler.activeFlowCount, 0, "both FINs close the connection without waiting for the end")
    }

    func testOutOfOrderSegmentsAreReordered() {
        let specs = handshake(clientISN: 10, serverISN: 20) + [
            SegmentSpec(fromClient: true, seq: 17, payload: bytes("ghi")),
            SegmentSpec(fromClient: true, seq: 14, payload: bytes("def")),
            SegmentSpec(fromClient: true, seq: 11, payload: bytes("abc")),
        ]
        let consumer = run(specs)
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("abcdefghi"))
        XCTAssertEqual(consumer.frames[0]?[.clientToServer], [6, 5, 4], "frames in stream order")
        XCTAssertFalse(consumer.events.contains { if case .gap = $0 { true } else { false } })
    }

    func testIdenticalRetransmissionIsSilentAndDifferingOneIsFlagged() {
        let same = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("abcd")),
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("abcd")),
            SegmentSpec(fromClient: true, seq: 5, payload: bytes("ef")),
        ], consumer: HoldingConsumer.make())
        XCTAssertEqual(same.bytes(0, .clientToServer), bytes("abcdef"))
        XCTAssertFalse(same.events.contains(.finding(slot: 0, .clientToServer, .tcpOverlapConflict)))

        let differing = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("abcd")),
            SegmentSpec(fromClient: true, seq: 3, payload: bytes("XYef")),
        ], consumer: HoldingConsumer.make())
        XCTAssertEqual(differing.bytes(0, .clientToServer), bytes("abcdef"), "first copy wins, the new tail is kept")
        XCTAssertTrue(differing.events.contains(.finding(slot: 0, .clientToServer, .tcpOverlapConflict)))
    }

    func testConflictingEarlySegments() {
        let consumer = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 5, payload: bytes("efgh")),
            SegmentSpec(fromClient: true, seq: 5, payload: bytes("EFGH")),
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("abcd")),
        ])
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("abcdefgh"))
        XCTAssertTrue(consumer.events.contains(.finding(slot: 0, .clientToServer, .tcpOverlapConflict)))
    }

    func testSequenceWraparound() {
        let isn: UInt32 = 0xFFFF_FFFA
        let consumer = run(handshake(clientISN: isn, serverISN: 7) + [
            SegmentSpec(fromClient: true, seq: isn &+ 1, payload: bytes("0123")),
            SegmentSpec(fromClient: true, seq: isn &+ 9, payload: bytes("89ab")),
            SegmentSpec(fromClient: true, seq: isn &+ 5, payload: bytes("4567")),
        ])
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("0123456789ab"))
    }

    func testMidStreamStartGuessesRolesFromPorts() {
        let consumer = run([
            SegmentSpec(fromClient: false, seq: 900, payload: bytes("tail of a response")),
            SegmentSpec(fromClient: true, seq: 77, payload: bytes("POST")),
        ])
        XCTAssertEqual(consumer.events.first, .opened(slot: 0, client: c, server: s), "port 8080 is the server")
        XCTAssertEqual(consumer.bytes(0, .serverToClient), bytes("tail of a response"))
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("POST"))
    }

    func testLostSegmentBecomesGapAtTheEnd() {
        let consumer = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("abc")),
            SegmentSpec(fromClient: true, seq: 9, payload: bytes("ijk")),
        ])
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("abcijk"))
        XCTAssertTrue(consumer.events.contains(.gap(slot: 0, .clientToServer, lost: 5, atOffset: 3)))
    }

    func testGapBeforeFINIsGivenUpWhenTheFINArrives() {
        let consumer = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("ab")),
            SegmentSpec(fromClient: true, seq: 6, flags: [.fin, .ack], payload: bytes("fg")),
            SegmentSpec(fromClient: false, seq: 1, flags: [.rst]),
        ])
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("abfg"))
        let gapIndex = consumer.events.firstIndex(of: .gap(slot: 0, .clientToServer, lost: 3, atOffset: 2))
        let endIndex = consumer.events.firstIndex(of: .ended(slot: 0, .clientToServer))
        XCTAssertNotNil(gapIndex)
        XCTAssertNotNil(endIndex)
        if let gapIndex, let endIndex { XCTAssertLessThan(gapIndex, endIndex) }
    }

    func testOutOfOrderLimitGivesUpTheHole() {
        var limits = Limits()
        limits.maxOutOfOrderBytesPerDirection = 10
        let consumer = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("a")),
            // byte 2 never comes; 12 early bytes exceed the 10-byte limit
            SegmentSpec(fromClient: true, seq: 3, payload: bytes("cdefgh")),
            SegmentSpec(fromClient: true, seq: 9, payload: bytes("ijklmn")),
            SegmentSpec(fromClient: true, seq: 15, payload: bytes("op")),
        ], limits: limits)
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("acdefghijklmnop"))
        XCTAssertEqual(consumer.events.filter { if case .gap = $0 { true } else { false } },
                       [.gap(slot: 0, .clientToServer, lost: 1, atOffset: 1)])
    }

    func testJumpFarAheadResynchronises() {
        var limits = Limits()
        limits.maxOutOfOrderBytesPerDirection = 100
        let consumer = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("ab")),
            SegmentSpec(fromClient: true, seq: 1_000_003, payload: bytes("later")),
        ], limits: limits)
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("ablater"))
        XCTAssertTrue(consumer.events.contains(.gap(slot: 0, .clientToServer, lost: 1_000_000, atOffset: 2)))
    }

    /// Found by the reassembly fuzzer: a segment far ahead gives up the holes, the held segments
    /// reach the FIN, and the jump's gap must not follow the end. Early bytes past the FIN are no
    /// stream data either, and are not delivered when the capture ends.
    func testNothingFollowsTheEnd() {
        var limits = Limits()
        limits.maxOutOfOrderBytesPerDirection = 100
        let farAhead = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("ab")),
            SegmentSpec(fromClient: true, seq: 4, payload: bytes("de")),
            SegmentSpec(fromClient: true, seq: 6, flags: [.fin, .ack], payload: bytes("fg")),
            SegmentSpec(fromClient: true, seq: 1_000_000, payload: bytes("zz")),
        ], limits: limits)
        XCTAssertEqual(farAhead.bytes(0, .clientToServer), bytes("abdefg"))
        XCTAssertEqual(clientEvents(farAhead).suffix(2), [.gap(slot: 0, .clientToServer, lost: 1, atOffset: 2),
                                                          .ended(slot: 0, .clientToServer)])

        let pastTheFIN = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("ab")),
            SegmentSpec(fromClient: true, seq: 4, flags: [.fin, .ack], payload: bytes("d")),
            SegmentSpec(fromClient: true, seq: 10, payload: bytes("xyz")),
            SegmentSpec(fromClient: true, seq: 3, payload: bytes("c")),
        ], limits: limits)
        XCTAssertEqual(pastTheFIN.bytes(0, .clientToServer), bytes("abcd"))
        XCTAssertEqual(clientEvents(pastTheFIN).last, .ended(slot: 0, .clientToServer))
    }

    /// The client direction's gaps and end, in order.
    private func clientEvents(_ consumer: RecordingConsumer) -> [RecordingConsumer.Event] {
        consumer.events.filter {
            switch $0 {
            case .gap(_, .clientToServer, _, _), .ended(_, .clientToServer): true
            default: false
            }
        }
    }

    func testPerDirectionLimitDropsWithFinding() {
        var limits = Limits()
        limits.maxBufferedBytesPerDirection = 8
        let consumer = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("abcdef")),
            SegmentSpec(fromClient: true, seq: 7, payload: bytes("ghijkl")),
            SegmentSpec(fromClient: true, seq: 13, payload: bytes("mn")),
        ], limits: limits, consumer: HoldingConsumer.make())
        XCTAssertTrue(consumer.events.contains(.finding(slot: 0, .clientToServer, .tcpLimit)))
        XCTAssertTrue(consumer.events.contains(.gap(slot: 0, .clientToServer, lost: 6, atOffset: 6)))
    }

    func testRSTEndsBothDirections() {
        var reassembler = TCPReassembler()
        var consumer = RecordingConsumer()
        feed(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("abc")),
            SegmentSpec(fromClient: false, seq: 1, flags: [.rst]),
        ], into: &reassembler, consumer: &consumer, finish: false)
        XCTAssertEqual(reassembler.activeFlowCount, 0)
        XCTAssertEqual(consumer.events.suffix(3), [.ended(slot: 0, .clientToServer), .ended(slot: 0, .serverToClient), .closed(slot: 0)])
    }

    func testReusedFourTupleOpensANewConnection() {
        let first = handshake(clientISN: 100, serverISN: 200) + [
            SegmentSpec(fromClient: true, seq: 101, payload: bytes("one")),
        ]
        let second = handshake(clientISN: 9000, serverISN: 300) + [
            SegmentSpec(fromClient: true, seq: 9001, payload: bytes("two")),
        ]
        var reassembler = TCPReassembler()
        var consumer = RecordingConsumer()
        feed(first + second, into: &reassembler, consumer: &consumer, finish: false)
        XCTAssertEqual(consumer.events.filter { if case .opened = $0 { true } else { false } }.count, 2)
        XCTAssertTrue(consumer.events.contains(.closed(slot: 0)))
        XCTAssertEqual(consumer.bytes(0, .clientToServer), bytes("two"), "slot 0 was reused for the new connection")
        // A retransmitted SYN does not.
        var again = TCPReassembler()
        var consumer2 = RecordingConsumer()
        feed(handshake(clientISN: 5, serverISN: 6) + [SegmentSpec(fromClient: true, seq: 5, flags: [.syn])],
             into: &again, consumer: &consumer2, finish: false)
        XCTAssertEqual(consumer2.events.count, 1)
    }

    func testNonCMPConnectionStopsBufferingAndResumesLate() {
        var consumer = RecordingConsumer()
        consumer.rejectSlots = [0]
        consumer.resumeWhenPayloadStartsWith = bytes("POST ")
        let result = run(handshake(clientISN: 0, serverISN: 0) + [
            SegmentSpec(fromClient: true, seq: 1, payload: bytes("GET /x HTTP/1.1\r\n\r\n")),
            SegmentSpec(fromClient: false, seq: 1, payload: [UInt8](repeating: 0x41, count: 5000)),
            SegmentSpec(fromClient: true, seq: 20, payload: bytes("POST /cmp")),
            SegmentSpec(fromClient: true, seq: 29, payload: bytes(" HTTP/1.1")),
        ], consumer: consumer)
        XCTAssertEqual(result.bytes(0, .clientToServer), bytes("GET /x HTTP/1.1\r\n\r\nPOST /cmp HTTP/1.1"))
        XCTAssertEqual(result.bytes(0, .serverToClient), [], "the non-CMP body was never delivered")
    }

    func testFlowTableIsBounded() {
        var limits = Limits()
        limits.maxFlows = 8
        var reassembler = TCPReassembler(limits: limits)
        var consumer = RecordingConsumer()
        for index in 0..<100 {
            let client = Endpoint(address: .v4(0x0A00_0000 + UInt32(index)), port: 40000)
            feed([SegmentSpec(fromClient: true, seq: 1, flags: [.syn], seconds: Int64(index))],
                 into: &reassembler, consumer: &consumer, client: client, finish: false)
            XCTAssertLessThanOrEqual(reassembler.activeFlowCount, 8)
        }
        let closed = consumer.events.filter { if case .closed = $0 { true } else { false } }.count
        XCTAssertGreaterThanOrEqual(closed, 92)
        let evictions = consumer.events.filter { if case .finding(_, _, .tcpLimit) = $0 { true } else { false } }.count
        XCTAssertEqual(evictions, closed, "every eviction is reported as tcp.limit")
    }

    func testRandomSegmentationAndOrderGiveTheSameStream() {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        let message = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        for _ in 0..<50 {
            let isn = UInt32.random(in: .min ... .max, using: &generator)
            var segments = [SegmentSpec]()
            var offset = 0
            while offset < message.count {
                let size = Int.random(in: 1...200, using: &generator)
                let end = Swift.min(message.count, offset + size)
                segments.append(SegmentSpec(fromClient: true, seq: isn &+ 1 &+ UInt32(offset), payload: Array(message[offset..<end])))
                offset = end
            }
            // Retransmit a few, then shuffle everything after the handshake.
            for _ in 0..<5 { segments.append(segments[Int.random(in: 0..<segments.count, using: &generator)]) }
            segments.shuffle(using: &generator)
            let consumer = run(handshake(clientISN: isn, serverISN: 1) + segments)
            XCTAssertEqual(consumer.bytes(0, .clientToServer), message)
            XCTAssertFalse(consumer.events.contains { if case .gap = $0 { true } else { false } })
            XCTAssertFalse(consumer.events.contains { if case .finding = $0 { true } else { false } })
        }
    }
}

/// A consumer that leaves bytes in the buffer (as a framer waiting for a complete PDU does), so
/// retransmissions can be compared against what is still held.
enum HoldingConsumer {
    static func make() -> RecordingConsumer {
        var consumer = RecordingConsumer()
        consumer.holdUntilEnd = true
        return consumer
    }
}
