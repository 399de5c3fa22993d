import CMPMessages

/// How the tree names and shows TLVs it has no type for.
enum TLVText {
    static let universalNames: [Int: String] = [
        1: "BOOLEAN", 2: "INTEGER", 3: "BIT STRING", 4: "OCTET STRING", 5: "NULL", 6: "OBJECT IDENTIFIER",
        10: "ENUMERATED", 12: "UTF8String", 16: "SEQUENCE", 17: "SET", 18: "NumericString",
        19: "PrintableString", 20: "TeletexString", 21: "VideotexString", 22: "IA5String", 23: "UTCTime",
        24: "GeneralizedTime", 25: "GraphicString", 26: "VisibleString", 27: "GeneralString",
        28: "UniversalString", 30: "BMPString",
    ]

    /// `SEQUENCE`, `[3]`, `[APPLICATION 2]`, with `constructed`/`primitive` only where it tells more.
    static func tagText(_ tlv: TLV) -> String {
        switch tlv.tagClass {
        case 0: return universalNames[tlv.tagNumber] ?? "universal \(tlv.tagNumber)"
        case 1: return "[APPLICATION \(tlv.tagNumber)]"
        case 2: return "[\(tlv.tagNumber)]"
        default: return "[PRIVATE \(tlv.tagNumber)]"
        }
    }
}
