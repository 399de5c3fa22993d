import CMPCore
import CMPTestSupport
import XCTest

@testable import CMPPacket

final class LinkLayerTests: XCTestCase {
    /// Every link layer with the link header length worked out from its spec, for both IP versions.
    func testEveryLinkType() {
        let cases: [(String, LinkLayer, Int)] = [
            ("ethernet", .ethernet(), 14),
            ("802.1Q", .ethernet(vlanTags: [VLANTag(vlanID: 10)]), 18),
            ("QinQ 88a8", .ethernet(vlanTags: [VLANTag(tpid: 0x88A8, vlanID: 100), VLANTag(vlanID: 10)]), 22),
            ("QinQ 9100", .ethernet(vlanTags: [VLANTag(tpid: 0x9100, vlanID: 100), VLANTag(vlanID: 10)]), 22),
            ("three tags", .ethernet(vlanTags: [VLANTag(tpid: 0x88A8, vlanID: 1), VLANTag(tpid: 0x9100, vlanID: 2), VLANTag(vlanID: 3)]), 26),
            ("sll", .sll, 16),
            ("sll2", .sll2, 20),
            ("null little-endian, AF_INET6 30", .null(bigEndian: false, ipv6Family: 30), 4),
            ("null big-endian, AF_INET6 24", .null(bigEndian: true, ipv6Family: 24), 4),
            ("null little-endian, AF_INET6 28", .null(bigEndian: false, ipv6Family: 28), 4),
            ("loop", .loop, 4),
            ("raw 12", .raw(.raw), 0),
            ("raw 14", .raw(LinkType(rawValue: 14)), 0),
            ("raw 101", .raw(.linktypeRaw), 0),
        ]
        for (name, link, linkHeader) in cases {
            for (src, dst, ipHeader) in [(Fixture.client4, Fixture.server4, 20), (Fixture.client6, Fixture.server6, 40)] {
                var decoder = PacketDecoder()
                let frame = link.wrap(Fixture.ip(src, dst))
                XCTAssertEqual(decoder.run(frame, link.linkType),
                               .tcp(Fixture.segment(src, dst, offset: linkHeader + ipHeader + 20)), "\(name) \(ipHeader == 20 ? "v4" : "v6")")
            }
        }
        var decoder = PacketDecoder()
        XCTAssertEqual(decoder.run(LinkLayer.raw(.ipv4).wrap(Fixture.ip(Fixture.client4, Fixture.server4)), .ipv4),
                       .tcp(Fixture.segment(Fixture.client4, Fixture.server4, offset: 40)))
        XCTAssertEqual(decoder.run(LinkLayer.raw(.ipv6).wrap(Fixture.ip(Fixture.client6, Fixture.server6)), .ipv6),
                       .tcp(Fixture.segment(Fixture.client6, Fixture.server6, offset: 60)))
    }

    func testLinkTypeVersionMismatchIsMalformed() {
        var decoder = PacketDecoder()
        let v6 = Fixture.ip(Fixture.client6, Fixture.server6)
        XCTAssertEqual(decoder.run(v6, .ipv4).error, PacketError(layer: "ipv4", offset: 0, reason: "IP version 6, link layer announced IPv4"))
        // EtherType says IPv4 but the packet is IPv6.
        var ethernet = LinkLayer.ethernet().wrap(v6)
        ethernet[12] = 0x08; ethernet[13] = 0x00
        XCTAssertEqual(decoder.run(ethernet, .ethernet).error?.layer, "ipv4")
        XCTAssertEqual(decoder.run(ethernet, .ethernet).error?.offset, 14)
        var raw = v6
        raw[0] = 0x50
        XCTAssertEqual(decoder.run(raw, .raw).error, PacketError(layer: "raw", offset: 0, reason: "IP version 5 is neither 4 nor 6"))
    }

    func testNonIPTraffic() {
        var decoder = PacketDecoder()
        let arp: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0x08, 0x06] + Array(repeating: 0, count: 28)
        XCTAssertEqual(decoder.run(arp, .ethernet), .notTCP("ARP"))
        var lldp = arp
        lldp[12] = 0x88; lldp[13] = 0xCC
        XCTAssertEqual(decoder.run(lldp, .ethernet), .notTCP("LLDP"))
        var llc = arp
        llc[12] = 0x00; llc[13] = 0x26
        XCTAssertEqual(decoder.run(llc, .ethernet), .notTCP("LLC"))
        var other = arp
        other[12] = 0x12; other[13] = 0x34
        XCTAssertEqual(decoder.run(other, .ethernet), .notTCP("EtherType 0x1234"))
        let udp = TestPacket.ipv4(src: Fixture.client4.address, dst: Fixture.server4.address, protocol: 17, payload: [0, 53, 0, 53, 0, 8, 0, 0])
        XCTAssertEqual(decoder.run(udp, .raw), .notTCP("UDP"))
        let icmp6 = TestPacket.ipv6(src: Fixture.client6.address, dst: Fixture.server6.address, nextHeader: 58, payload: [128, 0, 0, 0])
        XCTAssertEqual(decoder.run(icmp6, .raw), .notTCP("ICMPv6"))
        XCTAssertEqual(decoder.run([0, 0, 0, 7] + udp, .null), .notTCP("address family 7"))
        XCTAssertEqual(decoder.run(udp, LinkType(rawValue: 147)), .notTCP("link type DLT 147"))
    }

    /// Ethernet pads frames to 60 bytes; the IP total length must keep the padding out of the payload.
    func testEthernetPaddingIsNotPayload() {
        for payload in [[], [0x41], Array("hi!".utf8)] as [[UInt8]] {
            var decoder = PacketDecoder()
            let frame = LinkLayer.ethernet(minimumLength: 60).wrap(Fixture.ip(Fixture.client4, Fixture.server4, payload: payload))
            XCTAssertEqual(frame.count, 60)
            XCTAssertEqual(decoder.run(frame, .ethernet), .tcp(Fixture.segment(Fixture.client4, Fixture.server4, payload: payload, offset: 54)))
        }
    }
}
