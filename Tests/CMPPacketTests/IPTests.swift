import CMPCore
import CMPTestSupport
import XCTest

@testable import CMPPacket

final class IPTests: XCTestCase {
    func testIPv4OptionsShiftThePayload() {
        // Record Route-ish option bytes; only the length matters (IHL up to 15 words = 40 option bytes).
        for optionLength in [4, 8, 20, 40] {
            let options = [UInt8(7), UInt8(optionLength - 1)] + Array(repeating: 4, count: optionLength - 2)
            let packet = TestPacket.tcp(src: Fixture.client4, dst: Fixture.server4, seq: 0x0102_0304, ack: 0xA0B0_C0D0,
                                        flags: [.ack, .psh], payload: Fixture.payload, window: 512)
            // Rebuild with options: same TCP segment, header grown by optionLength.
            let withOptions = TestPacket.ipv4(src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 6,
                                              payload: Array(packet[20...]), options: options)
            var decoder = PacketDecoder()
            XCTAssertEqual(decoder.run(LinkLayer.ethernet().wrap(withOptions), .ethernet),
                           .tcp(Fixture.segment(Fixture.client4, Fixture.server4, offset: 14 + 20 + optionLength + 20)), "options \(optionLength)")
        }
    }

    func testTCPOptionsShiftThePayload() {
        let cases: [(String, [UInt8])] = [
            ("MSS", [2, 4, 0x05, 0xB4]),
            ("MSS, SACK permitted, timestamps, NOP, window scale", [2, 4, 5, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]),
            ("40 bytes of NOP", Array(repeating: 1, count: 40)),
        ]
        for (name, options) in cases {
            var decoder = PacketDecoder()
            let frame = LinkLayer.raw().wrap(Fixture.ip(Fixture.client6, Fixture.server6, options: options))
            XCTAssertEqual(decoder.run(frame, .raw), .tcp(Fixture.segment(Fixture.client6, Fixture.server6, offset: 40 + 20 + options.count)), name)
        }
    }

    func testIPv6ExtensionHeaders() {
        // Lengths: hop-by-hop/routing/destination options 8*(1+extra); AH 4*(len+2) = 12 + 4*icvWords; fragment 8.
        let cases: [(String, [IPv6ExtensionHeader], Int)] = [
            ("hop-by-hop", [.hopByHop()], 8),
            ("hop-by-hop 24", [.hopByHop(extraUnits: 2)], 24),
            ("routing", [.hopByHop(), .routing(extraUnits: 1)], 24),
            ("destination options", [.destinationOptions()], 8),
            ("AH", [.authentication(icvWords: 3)], 24),
            ("atomic fragment", [.fragment(offset: 0, moreFragments: false, id: 7)], 8),
            ("all", [.hopByHop(), .destinationOptions(), .routing(), .fragment(offset: 0, moreFragments: false, id: 1),
                     .authentication(icvWords: 1), .destinationOptions(extraUnits: 1)], 8 + 8 + 8 + 8 + 16 + 16),
        ]
        let segment = TestPacket.tcpSegment(src: Fixture.client6, dst: Fixture.server6, seq: 0x0102_0304, ack: 0xA0B0_C0D0,
                                            flags: [.ack, .psh], payload: Fixture.payload, window: 512)
        for (name, headers, length) in cases {
            let packet = TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 6,
                                         payload: segment, extensionHeaders: headers)
            var decoder = PacketDecoder()
            XCTAssertEqual(decoder.run(LinkLayer.sll2.wrap(packet), .linuxSLL2),
                           .tcp(Fixture.segment(Fixture.client6, Fixture.server6, offset: 20 + 40 + length + 20)), name)
        }
    }

    func testIPv6ChainEnds() {
        var decoder = PacketDecoder()
        let esp = TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 50,
                                  payload: Array(repeating: 0xEE, count: 24), extensionHeaders: [.hopByHop()])
        XCTAssertEqual(decoder.run(esp, .raw), .notTCP("ESP"))
        let none = TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 59, payload: [],
                                   extensionHeaders: [.destinationOptions()])
        XCTAssertEqual(decoder.run(none, .raw), .notTCP("IPv6 no next header"))
        // Hop-by-hop header claiming 8*(1+5) bytes in a 8-byte payload.
        var bad = TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 6, payload: [],
                                  extensionHeaders: [.hopByHop()])
        bad[41] = 5
        XCTAssertEqual(decoder.run(bad, .raw).error, PacketError(layer: "ipv6", offset: 40, reason: "extension header 0 truncated"))
    }

    func testIPv4HeaderErrors() {
        let good = Fixture.ip(Fixture.client4, Fixture.server4)
        var decoder = PacketDecoder()
        var shortIHL = good
        shortIHL[0] = 0x44
        XCTAssertEqual(decoder.run(shortIHL, .raw).error, PacketError(layer: "ipv4", offset: 0, reason: "header length 16 is below 20"))
        var smallTotal = good
        smallTotal[2] = 0; smallTotal[3] = 19
        XCTAssertEqual(decoder.run(smallTotal, .raw).error?.offset, 2)
        var bigTotal = good
        bigTotal[2] = 0x05; bigTotal[3] = 0xDC  // 1500, snapped capture
        XCTAssertEqual(decoder.run(bigTotal, .raw).error,
                       PacketError(layer: "ipv4", offset: 2, reason: "total length 1500 exceeds the \(good.count) bytes captured (snapped or truncated)"))
        var zeroTotal = good  // TSO: total length 0 means "what was captured"
        zeroTotal[2] = 0; zeroTotal[3] = 0
        XCTAssertEqual(decoder.run(zeroTotal, .raw), .tcp(Fixture.segment(Fixture.client4, Fixture.server4, offset: 40)))
        // A snapped UDP packet is still named.
        let udp = TestPacket.ipv4(src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 17, payload: Array(repeating: 0, count: 100))
        XCTAssertEqual(decoder.run(Array(udp.prefix(30)), .raw), .notTCP("UDP"))
        var ipv6Big = Fixture.ip(Fixture.client6, Fixture.server6)
        ipv6Big[4] = 0x05; ipv6Big[5] = 0xDC
        XCTAssertEqual(decoder.run(ipv6Big, .raw).error?.offset, 4)
    }

    func testTCPHeaderErrors() {
        let good = Fixture.ip(Fixture.client4, Fixture.server4)
        var decoder = PacketDecoder()
        var small = good
        small[32] = 0x40  // data offset 4
        XCTAssertEqual(decoder.run(small, .raw).error, PacketError(layer: "tcp", offset: 32, reason: "data offset 4 is below the minimum 5"))
        var large = good
        large[32] = 0xF0  // 60 bytes, segment is 20 + 22
        XCTAssertEqual(decoder.run(large, .raw).error,
                       PacketError(layer: "tcp", offset: 32, reason: "data offset 60 bytes exceeds the 42-byte segment"))
        // Data offset exactly the segment: empty payload.
        let exact = Fixture.ip(Fixture.client4, Fixture.server4, payload: [], options: [1, 1, 1, 1])
        XCTAssertEqual(decoder.run(exact, .raw).segment?.payload, [])
        XCTAssertEqual(decoder.run(exact, .raw).segment?.payloadOffsetInFrame, 44)
    }

    /// Every strict prefix of a valid frame is malformed with an offset inside it, never a crash.
    func testEveryTruncationIsMalformed() {
        let links: [LinkLayer] = [.ethernet(vlanTags: [VLANTag(tpid: 0x88A8, vlanID: 5), VLANTag(vlanID: 6)]), .sll, .sll2, .null(), .loop, .raw()]
        let v6Packet = TestPacket.ipv6(
            src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 6,
            payload: TestPacket.tcpSegment(src: Fixture.client6, dst: Fixture.server6, seq: 1, flags: .syn, payload: [], options: [2, 4, 5, 0xB4]),
            extensionHeaders: [.hopByHop(), .authentication(), .fragment(offset: 0, moreFragments: false, id: 3)])
        let v4Packet = TestPacket.ipv4(
            src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 6,
            payload: TestPacket.tcpSegment(src: Fixture.client4, dst: Fixture.server4, seq: 1, flags: .syn, payload: [1, 2, 3]),
            options: [1, 1, 1, 0])
        var checked = 0
        for link in links {
            for packet in [v4Packet, v6Packet] {
                let frame = link.wrap(packet)
                var decoder = PacketDecoder()
                XCTAssertNotNil(decoder.run(frame, link.linkType).segment)
                for length in 0..<frame.count {
                    let outcome = decoder.run(Array(frame[0..<length]), link.linkType)
                    guard let error = outcome.error else {
                        XCTFail("\(link) prefix \(length): \(outcome)")
                        continue
                    }
                    XCTAssertTrue(error.offset >= 0 && error.offset <= length, "\(link) prefix \(length): \(error)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }

    /// Random bytes under every link type: any result, but no trap, and malformed offsets inside the frame.
    func testRandomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let types: [LinkType] = [.ethernet, .linuxSLL, .linuxSLL2, .null, .loop, .raw, .ipv4, .ipv6]
        var decoder = PacketDecoder()
        for round in 0..<3000 {
            var bytes = (0..<Int.random(in: 0...120, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Make IP versions likely so the deeper layers get exercised.
            if bytes.count > 20 { bytes[round % 2 == 0 ? 0 : 14] = round % 3 == 0 ? 0x45 : 0x60 }
            let type = types[round % types.count]
            if let error = decoder.run(bytes, type).error {
                XCTAssertTrue(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
            }
        }
    }
}
