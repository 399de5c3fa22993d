import CMPTestSupport

/// Byte builders for hand-made messages: each test shows its structure as the ASN.1 does.
enum B {
    static func tlv(_ tag: UInt8, _ parts: [UInt8]...) -> [UInt8] {
        let content = parts.flatMap { $0 }
        return [tag] + len(content.count) + content
    }

    static func len(_ count: Int) -> [UInt8] { DERWriter.length(count) }

    static func seq(_ parts: [UInt8]...) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }
    static func set(_ parts: [UInt8]...) -> [UInt8] { tlv(0x31, parts.flatMap { $0 }) }
    /// `[n]` constructed (EXPLICIT, or IMPLICIT around a constructed type).
    static func ctx(_ number: UInt8, _ parts: [UInt8]...) -> [UInt8] { tlv(0xA0 | number, parts.flatMap { $0 }) }
    /// `[n]` primitive (IMPLICIT around a primitive type).
    static func prim(_ number: UInt8, _ content: [UInt8]) -> [UInt8] { tlv(0x80 | number, content) }
    static func int(_ value: Int) -> [UInt8] {
        precondition(value >= -128 && value < 32768)
        if value >= -128 && value < 128 { return tlv(0x02, [UInt8(truncatingIfNeeded: value)]) }
        return value < 256 ? tlv(0x02, [0x00, UInt8(value)]) : tlv(0x02, [UInt8(value >> 8), UInt8(value & 0xFF)])
    }
    static func octets(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }
    static func bits(_ bytes: [UInt8], unused: UInt8 = 0) -> [UInt8] { tlv(0x03, [unused] + bytes) }
    static func utf8(_ text: String) -> [UInt8] { tlv(0x0C, Array(text.utf8)) }
    static func time(_ text: String) -> [UInt8] { tlv(0x18, Array(text.utf8)) }
    static let null: [UInt8] = [0x05, 0x00]

    static func oid(_ dotted: String) -> [UInt8] { DERWriter.oid(dotted) }
    static func base128(_ value: Int) -> [UInt8] { DERWriter.base128(value) }

    static func alg(_ dotted: String, _ parameters: [UInt8] = []) -> [UInt8] { seq(oid(dotted), parameters) }
    static func name(_ cn: String) -> [UInt8] { seq(set(seq(oid("2.5.4.3"), utf8(cn)))) }
    /// A minimal self-signed-looking certificate (the signature is not checked by the tree).
    static func certificate(_ cn: String, serial: Int = 1) -> [UInt8] {
        seq(seq(ctx(0, int(2)), int(serial), alg("1.2.840.10045.4.3.2"), name("CA"),
                seq(tlv(0x17, Array("260101000000Z".utf8)), tlv(0x17, Array("270101000000Z".utf8))), name(cn),
                seq(alg("1.2.840.10045.2.1", oid("1.2.840.10045.3.1.7")), bits([0x04, 0x01, 0x02]))),
            alg("1.2.840.10045.4.3.2"), bits([0x30, 0x00]))
    }

    static func header(pvno: Int = 2, protectionAlg: [UInt8]? = nil, extra: [UInt8] = []) -> [UInt8] {
        seq(int(pvno), ctx(4, seq()), ctx(4, seq()), protectionAlg.map { ctx(1, $0) } ?? [],
            ctx(4, octets([0x11, 0x22])), extra)
    }

    static func message(pvno: Int = 2, body: UInt8, _ content: [UInt8], protectionAlg: [UInt8]? = nil,
                        protection: Bool = false) -> [UInt8] {
        seq(header(pvno: pvno, protectionAlg: protectionAlg), ctx(body, content), protection ? ctx(0, bits([0xAB])) : [])
    }

    /// EnvelopedData with one KeyTransRecipientInfo (RFC 5652 §6.1, §6.2.1).
    static let envelopedData: [UInt8] = tlv(0x30, envelopedDataContent)

    /// The EnvelopedData fields without the SEQUENCE header, for IMPLICIT `[0] EnvelopedData`.
    static let envelopedDataContent: [UInt8] = (
        int(0) +
        set(seq(int(2), prim(0, [0xAA, 0xBB]), alg("1.2.840.113549.1.1.7"), octets([1, 2, 3]))) +
        seq(oid("1.2.840.113549.1.7.1"), alg("2.16.840.1.101.3.4.1.42", octets([0, 1])), prim(0, [9, 9])))
}
