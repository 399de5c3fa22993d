/// A minimal DER writer for hand-built messages, so each test case shows its bytes' structure.
enum DERBuild {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        var octets = [UInt8]()
        var rest = count
        while rest > 0 {
            octets.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(octets.count)] + octets
    }

    static func sequence(_ parts: [UInt8]...) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }
    static func integer(_ value: Int) -> [UInt8] {
        var bytes = withUnsafeBytes(of: Int64(value).bigEndian, Array.init)
        while bytes.count > 1, (bytes[0] == 0 && bytes[1] & 0x80 == 0) || (bytes[0] == 0xFF && bytes[1] & 0x80 != 0) {
            bytes.removeFirst()
        }
        return tlv(0x02, bytes)
    }
    static func octets(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }
    static func explicit(_ number: UInt8, _ inner: [UInt8]) -> [UInt8] { tlv(0xA0 | number, inner) }

    /// OBJECT IDENTIFIER from dotted text (arcs below 2^28 are plenty here).
    static func oid(_ dotted: String) -> [UInt8] {
        let arcs = dotted.split(separator: ".").compactMap { Int($0) }
        var content = base128(arcs[0] * 40 + arcs[1])
        for arc in arcs.dropFirst(2) { content += base128(arc) }
        return tlv(0x06, content)
    }

    private static func base128(_ value: Int) -> [UInt8] {
        var octets = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            octets.insert(UInt8(0x80 | (rest & 0x7F)), at: 0)
            rest >>= 7
        }
        return octets
    }

    /// Name with one RDN per (short type, value) pair: CN 2.5.4.3, O 2.5.4.10.
    static func name(_ attributes: [(String, String)]) -> [UInt8] {
        let types = ["CN": "2.5.4.3", "O": "2.5.4.10", "C": "2.5.4.6"]
        return tlv(0x30, attributes.flatMap { attribute in
            tlv(0x31, sequence(oid(types[attribute.0] ?? "2.5.4.3"), tlv(0x0C, Array(attribute.1.utf8))))
        })
    }

    /// PKIStatusInfo with failInfo bits set as RFC 9810 numbers them (bit 0 = MSB of the first octet).
    static func statusInfo(_ status: Int, failBits: [Int] = []) -> [UInt8] {
        guard let highest = failBits.max() else { return sequence(integer(status)) }
        var bits = [UInt8](repeating: 0, count: highest / 8 + 1)
        for bit in failBits { bits[bit / 8] |= 0x80 >> UInt8(bit % 8) }
        let unused = UInt8(7 - highest % 8)
        return sequence(integer(status), tlv(0x03, [unused] + bits))
    }
}
