import CMPCore

/// Decodes frames from the link layer down to TCP: Ethernet (802.1Q/QinQ tags), Linux SLL/SLL2,
/// raw IP, BSD NULL and LOOP; IPv4 (options, fragments) and IPv6 (extension headers, fragments);
/// TCP header and payload.
///
/// The common path reads the borrowed frame buffer through `ByteReader` and allocates nothing;
/// only IP fragments are copied (into bounded per-datagram buffers). Checksums are not verified:
/// captures taken on the sending host carry offloaded (not yet computed) checksums.
public struct PacketDecoder {
    public let limits: Limits
    var fragments: FragmentReassembler

    public init(limits: Limits = Limits()) {
        self.limits = limits
        self.fragments = FragmentReassembler()
    }

    /// Fragment datagrams given up so far (evicted at `limits.maxFragmentBytes` /
    /// `maxFragmentDatagrams`, timed out, or inconsistent), for the pipeline's findings.
    public var droppedFragmentDatagrams: Int { fragments.droppedDatagrams }
    /// IP fragment datagrams currently waiting for missing pieces, and the bytes they hold.
    public var heldFragmentDatagrams: Int { fragments.datagrams.count }
    public var heldFragmentBytes: Int { fragments.heldBytes }

    public mutating func decode(_ frame: Frame) -> PacketDecodeResult {
        var reader = ByteReader(frame.bytes)
        switch frame.linkType.rawValue {
        case LinkType.ethernet.rawValue:
            guard reader.skip(12), let etherType = reader.readU16() else {
                return truncated("ethernet", at: 0, need: 14, have: frame.bytes.count)
            }
            return decodeEtherType(etherType, &reader, frame, layer: "ethernet")
        case LinkType.linuxSLL.rawValue:
            guard let proto = reader.peekU16(at: 14), reader.skip(16) else {
                return truncated("sll", at: 0, need: 16, have: frame.bytes.count)
            }
            return decodeEtherType(proto, &reader, frame, layer: "sll")
        case LinkType.linuxSLL2.rawValue:
            guard let proto = reader.peekU16(at: 0), reader.skip(20) else {
                return truncated("sll2", at: 0, need: 20, have: frame.bytes.count)
            }
            return decodeEtherType(proto, &reader, frame, layer: "sll2")
        case LinkType.null.rawValue, LinkType.loop.rawValue:
            let isLoop = frame.linkType == .loop
            let layer = isLoop ? "loop" : "null"
            guard let big = reader.peekU32(), let little = reader.peekU32LE(), reader.skip(4) else {
                return truncated(layer, at: 0, need: 4, have: frame.bytes.count)
            }
            // DLT_NULL stores the family in the capturing host's byte order, which the file does not
            // record: accept either order (the values are small, so the two readings cannot collide).
            let family = isLoop || Self.ipVersion(forFamily: little) == nil ? big : little
            guard let version = Self.ipVersion(forFamily: family) else {
                return .notTCP("address family \(family)")
            }
            return decodeIP(&reader, frame, expectedVersion: version, layer: layer)
        case LinkType.raw.rawValue, 14, LinkType.linktypeRaw.rawValue:
            return decodeIP(&reader, frame, expectedVersion: nil, layer: "raw")
        case LinkType.ipv4.rawValue:
            return decodeIP(&reader, frame, expectedVersion: 4, layer: "raw")
        case LinkType.ipv6.rawValue:
            return decodeIP(&reader, frame, expectedVersion: 6, layer: "raw")
        default:
            return .notTCP("link type \(frame.linkType)")
        }
    }

    /// AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD) or 30 (macOS).
    static func ipVersion(forFamily family: UInt32) -> Int? {
        switch family {
        case 2: 4
        case 24, 28, 30: 6
        default: nil
        }
    }

    /// Skips any number of VLAN tags (802.1Q 0x8100, 802.1ad 0x88A8, pre-standard QinQ 0x9100),
    /// then hands IPv4/IPv6 on.
    private mutating func decodeEtherType(
        _ first: UInt16, _ reader: inout ByteReader, _ frame: Frame, layer: String
    ) -> PacketDecodeResult {
        var etherType = first
        while etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100 {
            let tagOffset = reader.offset
            guard reader.skip(2), let inner = reader.readU16() else {
                return truncated("vlan", at: tagOffset, need: 4, have: max(0, frame.bytes.count - tagOffset))
            }
            etherType = inner
        }
        switch etherType {
        case 0x0800: return decodeIP(&reader, frame, expectedVersion: 4, layer: layer)
        case 0x86DD: return decodeIP(&reader, frame, expectedVersion: 6, layer: layer)
        default: return .notTCP(Self.etherTypeName(etherType))
        }
    }

    private mutating func decodeIP(
        _ reader: inout ByteReader, _ frame: Frame, expectedVersion: Int?, layer: String
    ) -> PacketDecodeResult {
        guard let first = reader.peekU8() else {
            return .malformed(PacketError(layer: layer, offset: reader.offset, reason: "no IP header after the link header"))
        }
        let version = Int(first >> 4)
        if let expected = expectedVersion, expected != version {
            return .malformed(PacketError(
                layer: expected == 4 ? "ipv4" : "ipv6", offset: reader.offset,
                reason: "IP version \(version), link layer announced IPv\(expected)"))
        }
        switch version {
        case 4: return decodeIPv4(&reader, frame)
        case 6: return decodeIPv6(&reader, frame)
        default:
            return .malformed(PacketError(layer: layer, offset: reader.offset, reason: "IP version \(version) is neither 4 nor 6"))
        }
    }

    func truncated(_ layer: String, at offset: Int, need: Int, have: Int) -> PacketDecodeResult {
        .malformed(PacketError(layer: layer, offset: offset, reason: "truncated: header needs \(need) bytes, \(have) captured"))
    }
}
