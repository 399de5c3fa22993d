import CMPTestSupport

/// A minimal DER writer for hand-built messages, so each test case shows its bytes' structure.
enum DERBuild {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    static func length(_ count: Int) -> [UInt8] { DERWriter.length(count) }

    static func sequence(_ parts: [UInt8]...) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }
    static func integer(_ value: Int) -> [UInt8] { DERWriter.integer(value) }
    static func octets(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }
    static func explicit(_ number: UInt8, _ inner: [UInt8]) -> [UInt8] { tlv(0xA0 | number, inner) }

    /// OBJECT IDENTIFIER from dotted text (arcs below 2^28 are plenty here).
    static func oid(_ dotted: String) -> [UInt8] { DERWriter.oid(dotted) }

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
