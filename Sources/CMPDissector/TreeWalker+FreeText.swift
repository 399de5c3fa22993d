import CMPCore
import CMPMessages

/// PKIFreeText language tags (RFC 9810 §5.1.1, RFC 2482) and SuppLangTagsValue (RFC 9810 §5.3.19.9).
extension TreeWalker {
    /// Shown after a tag that RFC 5646's syntax does not allow (`fr_FR`, `english`).
    static let notWellFormed = " (not a well-formed RFC 5646 tag)"

    /// A PKIFreeText UTF8String: the text without its tag characters, and a child per tag sequence
    /// over its bytes: `language: fr`, or `language tag: …` for cancels and malformed sequences.
    /// Other string types (which PKIFreeText does not allow) are shown as they decode.
    mutating func freeTextString(_ node: inout DissectionNode, _ tlv: TLV) {
        guard tlv.tagNumber == 12, let tagged = LanguageTaggedText(bytes, tlv.contentRange) else {
            node.value = Self.text(tlv, bytes)
            return
        }
        node.value = tagged.text
        for sequence in tagged.sequences {
            node.children.append(Self.node(sequence))
        }
        if let range = tagged.omittedRange {
            node.children.append(DissectionNode("language tag", value: "\(tagged.omitted) more tag sequences not shown",
                                                range: ByteRange(range)))
        }
    }

    static func node(_ sequence: LanguageTaggedText.Sequence) -> DissectionNode {
        let range = ByteRange(sequence.range)
        switch sequence.kind {
        case .language(let tag):
            return DissectionNode("language", value: LanguageTag(tag).isWellFormed ? tag : tag + notWellFormed, range: range)
        case .cancelLanguage:
            return DissectionNode("language tag", value: "cancelled (U+E0001 U+E007F): the text after it has no language", range: range)
        case .cancelAll:
            return DissectionNode("language tag", value: "CANCEL TAG (U+E007F): the text after it has no language", range: range)
        case .empty:
            return DissectionNode("language tag", value: "malformed: LANGUAGE TAG (U+E0001) with no tag characters after it", range: range)
        case .orphan(let spelled):
            return DissectionNode("language tag", value: "malformed: tag characters \"\(spelled)\" without a LANGUAGE TAG (U+E0001)",
                                  range: range)
        case .unknownIdentifier(let scalar, let spelled):
            let code = "U+" + String(scalar, radix: 16, uppercase: true)
            let after = spelled.isEmpty ? "" : " before \"\(spelled)\""
            return DissectionNode("language tag", value: "malformed: \(code) is no tag RFC 2482 defines\(after)", range: range)
        }
    }

    /// A SuppLangTagsValue element: the tag as written, marked when it is not well-formed.
    func languageTag(_ node: inout DissectionNode, _ tlv: TLV) {
        let text = Self.text(tlv, bytes)
        node.value = LanguageTag(text).isWellFormed ? text : text + Self.notWellFormed
    }

    /// `2 items, reply language: fr` when a text names a language (the first one named counts).
    func replyLanguageSummary(_ node: DissectionNode) -> String? {
        let count = node.children.count { !$0.name.hasPrefix("[") }
        let items = count == 1 ? "1 item" : "\(count) items"
        let first = node.children.lazy.compactMap { $0.children.first { $0.name == "language" } }.first
        guard let language = first?.value else { return items }
        return "\(items), reply language: \(language)"
    }

    /// Tags listed beside the count in a SuppLangTagsValue summary; the nodes show them all.
    static let listedLanguageTags = 8

    /// `en, fr (most preferred first)` in a genm; `fr (the responder's choice)` in a genp.
    func suppLangTagsSummary(_ node: DissectionNode, path: FieldPath) -> String? {
        let tags = node.children.filter { $0.name == "languageTag" }.compactMap(\.value)
        guard !tags.isEmpty else { return "0 items" }
        var list = tags.prefix(Self.listedLanguageTags).joined(separator: ", ")
        if tags.count > Self.listedLanguageTags { list += ", … (\(tags.count) items)" }
        switch Self.generalMessageKind(path.description) {
        case "genm": return list + (tags.count > 1 ? " (most preferred first)" : "")
        case "genp": return tags.count == 1 ? list + " (the responder's choice)" : list
        default: return list
        }
    }

    /// `genm` or `genp` when `path` is inside that body's InfoTypeAndValue (not inside a header below it).
    static func generalMessageKind(_ path: String) -> String? {
        guard let body = path.ranges(of: ".body.").last else { return nil }
        let rest = path[body.upperBound...]
        guard !rest.contains(".header.") else { return nil }
        if rest.hasPrefix("genm[") { return "genm" }
        if rest.hasPrefix("genp[") { return "genp" }
        return nil
    }
}
