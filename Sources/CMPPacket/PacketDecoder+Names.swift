extension PacketDecoder {
    /// Names for `.notTCP`, as tshark's protocol column shows them.
    static func protocolName(_ number: UInt8) -> String {
        switch number {
        case 1: "ICMP"
        case 2: "IGMP"
        case 17: "UDP"
        case 41: "IPv6-in-IPv4"
        case 47: "GRE"
        case 50: "ESP"
        case 51: "AH"
        case 58: "ICMPv6"
        case 59: "IPv6 no next header"
        case 89: "OSPF"
        case 103: "PIM"
        case 112: "VRRP"
        case 132: "SCTP"
        case 136: "UDP-Lite"
        default: "IP protocol \(number)"
        }
    }

    static func etherTypeName(_ etherType: UInt16) -> String {
        switch etherType {
        case 0...1500: "LLC"
        case 0x0806: "ARP"
        case 0x8035: "RARP"
        case 0x8847, 0x8848: "MPLS"
        case 0x8863, 0x8864: "PPPoE"
        case 0x888E: "EAPOL"
        case 0x88CC: "LLDP"
        case 0x88E5: "MACsec"
        case 0x88F7: "PTP"
        default: "EtherType 0x" + hex4(etherType)
        }
    }

    static func hex4(_ value: UInt16) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
