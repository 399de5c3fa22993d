/// An RFC 5646 language tag, checked for well-formedness only (§2.1 syntax, §2.2.8 grandfathered
/// tags): the subtag registry is not consulted, so `xx` and `english` pass (any 5–8
/// letters may be a registered language) and `fr_FR` or `en-` do not.
///
/// RFC 9810 §5.1.1 asks for RFC 5646 tags in PKIFreeText (written with RFC 2482 tag characters) and
/// §5.3.19.9 in SuppLangTagsValue (plain text); the tree marks a tag that is not well-formed
/// instead of guessing what was meant.
struct LanguageTag {
    var text: String

    init(_ text: String) {
        self.text = text
    }

    /// ```
    /// Language-Tag = langtag / privateuse / grandfathered
    /// langtag      = language ["-" script] ["-" region] *("-" variant) *("-" extension) ["-" privateuse]
    /// ```
    var isWellFormed: Bool {
        let lower = text.lowercased()
        if Self.grandfathered.contains(lower) { return true }
        guard !lower.isEmpty, lower.utf8.allSatisfy({ Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
        let subtags = lower.split(separator: "-", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard subtags.allSatisfy({ (1...8).contains($0.count) }) else { return false }
        var index = 0
        if subtags[0] == [UInt8(ascii: "x")] { return Self.isPrivateUse(subtags[...]) }
        // language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA;  extlang = 3ALPHA *2("-" 3ALPHA)
        let language = subtags[0]
        guard language.count >= 2, language.allSatisfy(Self.isAlpha) else { return false }
        index = 1
        if language.count <= 3 {
            var extlangs = 0
            while index < subtags.count, extlangs < 3, subtags[index].count == 3, subtags[index].allSatisfy(Self.isAlpha) {
                index += 1
                extlangs += 1
            }
        }
        // script = 4ALPHA
        if index < subtags.count, subtags[index].count == 4, subtags[index].allSatisfy(Self.isAlpha) { index += 1 }
        // region = 2ALPHA / 3DIGIT
        if index < subtags.count,
           (subtags[index].count == 2 && subtags[index].allSatisfy(Self.isAlpha))
            || (subtags[index].count == 3 && subtags[index].allSatisfy(Self.isDigit)) {
            index += 1
        }
        // variant = 5*8alphanum / (DIGIT 3alphanum)
        while index < subtags.count,
              subtags[index].count >= 5 || (subtags[index].count == 4 && Self.isDigit(subtags[index][0])) {
            index += 1
        }
        // extension = singleton 1*("-" (2*8alphanum)); singleton = any alphanumeric but "x"
        while index < subtags.count, subtags[index].count == 1, subtags[index][0] != UInt8(ascii: "x") {
            index += 1
            let start = index
            while index < subtags.count, subtags[index].count >= 2 { index += 1 }
            guard index > start else { return false }
        }
        if index < subtags.count { return Self.isPrivateUse(subtags[index...]) }
        return true
    }

    /// privateuse = "x" 1*("-" (1*8alphanum))
    private static func isPrivateUse(_ subtags: ArraySlice<[UInt8]>) -> Bool {
        subtags.first == [UInt8(ascii: "x")] && subtags.count > 1
    }

    /// RFC 5646 §2.2.8: the irregular and regular grandfathered tags, which the langtag rule does not all cover.
    static let grandfathered: Set<String> = [
        "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo",
        "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de",
        "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
    ]

    private static func isAlpha(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }
}
