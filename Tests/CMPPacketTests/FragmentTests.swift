import CMPCore
import CMPTestSupport
import XCTest

@testable import CMPPacket

final class FragmentTests: XCTestCase {
    static let bigPayload: [UInt8] = (0..<200).map { UInt8($0 & 0xFF) }

    static func datagram4(id: UInt16 = 0x1234) -> [UInt8] {
        TestPacket.tcp(src: Fixture.client4, dst: Fixture.server4, seq: 0x0102_0304, ack: 0xA0B0_C0D0, flags: [.ack, .psh],
                       payload: bigPayload, window: 512, ipID: id)
    }

    static let expected4 = Fixture.segment(Fixture.client4, Fixture.server4, payload: bigPayload, offset: nil)

    func feed(_ decoder: inout PacketDecoder, _ fragments: [[UInt8]], link: LinkLayer = .ethernet(), start: Int64 = 100) -> [Outcome] {
        fragments.enumerated().map { index, fragment in
            decoder.run(link.wrap(fragment), link.linkType, time: Timestamp(seconds: start + Int64(index), nanoseconds: 0), number: index + 1)
        }
    }

    func testIPv4FragmentOrders() {
        let fragments = TestPacket.fragmentIPv4(Self.datagram4(), payloadSize: 64)
        // 220-byte TCP segment in 64-byte pieces: 64, 64, 64, 28.
        XCTAssertEqual(fragments.count, 4)
        let orders: [(String, [Int])] = [("in order", [0, 1, 2, 3]), ("reversed", [3, 2, 1, 0]), ("shuffled", [2, 0, 3, 1]),
                                         ("with duplicate", [0, 1, 1, 2, 3])]
        for (name, order) in orders {
            var decoder = PacketDecoder()
            let outcomes = feed(&decoder, order.map { fragments[$0] })
            XCTAssertEqual(outcomes.dropLast(), Array(repeating: .fragmentHeld, count: order.count - 1), name)
            XCTAssertEqual(outcomes.last, .tcp(Self.expected4), name)
            XCTAssertEqual(decoder.heldFragmentDatagrams, 0, name)
            XCTAssertEqual(decoder.heldFragmentBytes, 0, name)
        }
    }

    /// First copy wins: bytes 16..<24 of the TCP segment come from the second fragment, which arrived
    /// before the third; a fragment wholly covered by earlier ones changes nothing.
    func testOverlappingFragmentsKeepTheFirstCopy() {
        let packet = Self.datagram4()
        let segment = Array(packet[20...])
        let garbage: [UInt8] = Array(repeating: 0xEE, count: 16)
        func fragment(_ offset: Int, _ bytes: [UInt8], more: Bool) -> [UInt8] {
            TestPacket.ipv4(src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 6, payload: bytes, id: 9,
                            moreFragments: more, fragmentOffset: offset)
        }
        let a = fragment(0, Array(segment[0..<16]), more: true)
        let b = fragment(8, garbage, more: true)  // covers 8..<24
        let c = fragment(16, Array(segment[16...]), more: false)
        var decoder = PacketDecoder()
        let outcomes = feed(&decoder, [a, b, c])
        // Segment bytes 20..<24 are the first four payload bytes: they came from `b`.
        var expected = Self.expected4
        expected.payload = Array(repeating: 0xEE, count: 4) + Array(Self.bigPayload[4...])
        XCTAssertEqual(outcomes, [.fragmentHeld, .fragmentHeld, .tcp(expected)])

        var decoder2 = PacketDecoder()
        let d = fragment(16, Array(segment[16..<32]), more: true)
        let e = fragment(32, Array(segment[32...]), more: false)
        XCTAssertEqual(feed(&decoder2, [a, d, b, e]), [.fragmentHeld, .fragmentHeld, .fragmentHeld, .tcp(Self.expected4)])
    }

    func testInterleavedDatagramsAndUDPFragments() {
        let one = TestPacket.fragmentIPv4(Self.datagram4(id: 1), payloadSize: 104)
        let two = TestPacket.fragmentIPv4(Self.datagram4(id: 2), payloadSize: 104)
        var decoder = PacketDecoder()
        XCTAssertEqual(feed(&decoder, [one[0], two[1], one[1], two[0], two[2], one[2]]),
                       [.fragmentHeld, .fragmentHeld, .fragmentHeld, .fragmentHeld, .tcp(Self.expected4), .tcp(Self.expected4)])
        // UDP fragments are never held: the protocol is in every fragment.
        let udp = TestPacket.ipv4(src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 17,
                                  payload: Array(repeating: 1, count: 16), moreFragments: true)
        XCTAssertEqual(decoder.run(udp, .raw), .notTCP("UDP"))
        XCTAssertEqual(decoder.heldFragmentDatagrams, 0)
    }

    func testTooManyDatagramsEvictsTheOldest() {
        var limits = Limits()
        limits.maxFragmentDatagrams = 2
        var decoder = PacketDecoder(limits: limits)
        let pieces = (1...3).map { TestPacket.fragmentIPv4(Self.datagram4(id: UInt16($0)), payloadSize: 104) }
        XCTAssertEqual(feed(&decoder, [pieces[0][0], pieces[1][0], pieces[2][0]]), [.fragmentHeld, .fragmentHeld, .fragmentHeld])
        XCTAssertEqual(decoder.heldFragmentDatagrams, 2)
        XCTAssertEqual(decoder.droppedFragmentDatagrams, 1)
        // Datagram 1 lost its first fragment: its remaining fragments are held (and evict datagram 2).
        XCTAssertEqual(feed(&decoder, [pieces[0][1], pieces[0][2]]), [.fragmentHeld, .fragmentHeld])
        // Datagram 3 is still complete-able.
        XCTAssertEqual(feed(&decoder, [pieces[2][1], pieces[2][2]]), [.fragmentHeld, .tcp(Self.expected4)])
    }

    func testByteLimitAndTimeout() {
        var limits = Limits()
        limits.maxFragmentBytes = 150
        var decoder = PacketDecoder(limits: limits)
        let pieces = TestPacket.fragmentIPv4(Self.datagram4(), payloadSize: 104)  // 104, 104, 12 bytes
        // The last fragment needs the datagram to grow to 220 bytes: over the limit.
        XCTAssertEqual(feed(&decoder, [pieces[0]]), [.fragmentHeld])
        let outcome = feed(&decoder, [pieces[2]])
        XCTAssertEqual(outcome.first?.error?.reason, "fragment reassembly limit of 150 bytes reached")
        XCTAssertEqual(decoder.heldFragmentBytes, 0)

        var timed = PacketDecoder()
        XCTAssertEqual(feed(&timed, [pieces[0]], start: 100), [.fragmentHeld])
        // 61 s later the first fragment is gone; the rest alone do not complete the datagram.
        XCTAssertEqual(feed(&timed, [pieces[1], pieces[2]], start: 161), [.fragmentHeld, .fragmentHeld])
        XCTAssertEqual(timed.droppedFragmentDatagrams, 1)
        // Within 60 s it completes.
        var inTime = PacketDecoder()
        XCTAssertEqual(feed(&inTime, [pieces[0]], start: 100) + feed(&inTime, [pieces[1], pieces[2]], start: 150),
                       [.fragmentHeld, .fragmentHeld, .tcp(Self.expected4)])
    }

    func testInconsistentFragments() {
        func fragment(_ offset: Int, count: Int, more: Bool) -> [UInt8] {
            TestPacket.ipv4(src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 6,
                            payload: Array(repeating: 0, count: count), id: 5, moreFragments: more, fragmentOffset: offset)
        }
        var decoder = PacketDecoder()
        // Offset 8191*8 = 65528 plus 16 bytes passes the 65535 maximum.
        XCTAssertEqual(decoder.run(fragment(65528, count: 16, more: true), .raw).error?.offset, 6)
        XCTAssertEqual(decoder.run(fragment(0, count: 24, more: false), .raw), .malformed(PacketError(
            layer: "tcp", offset: 32, reason: "data offset 0 is below the minimum 5")))
        XCTAssertEqual(decoder.run(fragment(64, count: 16, more: false), .raw), .fragmentHeld)
        XCTAssertEqual(decoder.run(fragment(80, count: 8, more: true), .raw).error?.reason,
                       "fragment 80..<88 conflicts with the datagram length 80 set by its last fragment")
        XCTAssertEqual(decoder.heldFragmentDatagrams, 0)
    }

    /// Zero-length fragments (legal on the wire, if odd) neither complete nor block a datagram.
    func testEmptyFragments() {
        let pieces = TestPacket.fragmentIPv4(Self.datagram4(id: 3), payloadSize: 104)  // 0..<104, 104..<208, 208..<220
        func empty(_ offset: Int, more: Bool) -> [UInt8] {
            TestPacket.ipv4(src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 6, payload: [], id: 3,
                            moreFragments: more, fragmentOffset: offset)
        }
        var decoder = PacketDecoder()
        XCTAssertEqual(feed(&decoder, [empty(104, more: true), pieces[0], pieces[1], empty(208, more: true), pieces[2]]),
                       [.fragmentHeld, .fragmentHeld, .fragmentHeld, .fragmentHeld, .tcp(Self.expected4)])
        // An empty last fragment at the end of the data completes it (a 216-byte segment: offsets are multiples of 8).
        let short = Array(Self.bigPayload[0..<196])
        let datagram = TestPacket.tcp(src: Fixture.client4, dst: Fixture.server4, seq: 0x0102_0304, ack: 0xA0B0_C0D0,
                                      flags: [.ack, .psh], payload: short, window: 512, ipID: 3)
        let parts = TestPacket.fragmentIPv4(datagram, payloadSize: 104)
        let unfinished = parts[2].enumerated().map { index, byte in index == 6 ? byte | 0x20 : byte }  // set MF
        var expected = Self.expected4
        expected.payload = short
        var other = PacketDecoder()
        XCTAssertEqual(feed(&other, [parts[0], parts[1], unfinished, empty(216, more: false)]),
                       [.fragmentHeld, .fragmentHeld, .fragmentHeld, .tcp(expected)])
    }

    func testIPv6Fragments() {
        let segment = TestPacket.tcpSegment(src: Fixture.client6, dst: Fixture.server6, seq: 0x0102_0304, ack: 0xA0B0_C0D0,
                                            flags: [.ack, .psh], payload: Self.bigPayload, window: 512)
        let expected = Fixture.segment(Fixture.client6, Fixture.server6, payload: Self.bigPayload, offset: nil)
        // Plain, and with a destination options header inside the fragmentable part.
        for headers in [[], [IPv6ExtensionHeader.destinationOptions(extraUnits: 1)]] {
            let packet = TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 6,
                                         payload: segment, extensionHeaders: headers)
            let fragments = TestPacket.fragmentIPv6(packet, payloadSize: 80, id: 0xDEAD_BEEF)
            XCTAssertEqual(fragments.count, 3)
            for order in [[0, 1, 2], [2, 0, 1]] {
                var decoder = PacketDecoder()
                XCTAssertEqual(feed(&decoder, order.map { fragments[$0] }, link: .sll), [.fragmentHeld, .fragmentHeld, .tcp(expected)])
            }
        }
        // A hop-by-hop header before the fragment header (unfragmentable part).
        let withHop = TestPacket.fragmentIPv6(
            TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 6, payload: segment),
            payloadSize: 120, id: 1
        ).map { fragment -> [UInt8] in
            // Insert a hop-by-hop header between the fixed header and the fragment header.
            var bytes = Array(fragment[0..<40]) + [44, 0, 1, 4, 0, 0, 0, 0] + Array(fragment[40...])
            bytes[6] = 0
            let length = bytes.count - 40
            bytes[4] = UInt8(length >> 8); bytes[5] = UInt8(length & 0xFF)
            return bytes
        }
        var decoder = PacketDecoder()
        XCTAssertEqual(feed(&decoder, withHop.reversed(), link: .raw()), [.fragmentHeld, .tcp(expected)])
        // UDP in IPv6 fragments: not held.
        let udp = TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 17,
                                  payload: Array(repeating: 0, count: 16), extensionHeaders: [.fragment(offset: 0, moreFragments: true, id: 2)])
        XCTAssertEqual(decoder.run(udp, .raw), .notTCP("UDP"))
    }
}
