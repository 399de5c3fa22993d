import CMPCore
@testable import CMPDissector
import XCTest

/// PKIFreeText language tags (RFC 9810 §5.1.1 → RFC 2482 tag characters, RFC 5646 tags) and
/// SuppLangTagsValue (RFC 9810 §5.3.19.9), over hand-built messages including hostile strings.
final class FreeTextLanguageTests: XCTestCase {
    let builder = MessageTreeBuilder()

    /// U+E0001 LANGUAGE TAG then `tag` in tag characters (ASCII + 0xE0000), as UTF-8.
    static func tagged(_ tag: String) -> [UInt8] { scalar(0xE0001) + tagCharacters(tag) }
    static func tagCharacters(_ text: String) -> [UInt8] { text.utf8.flatMap { scalar(0xE0000 + UInt32($0)) } }
    static let cancel = scalar(0xE007F)
    static func scalar(_ value: UInt32) -> [UInt8] { Array(String(Character(Unicode.Scalar(value)!)).utf8) }
    static func text(_ text: String) -> [UInt8] { Array(text.utf8) }

    struct Case {
        var name: String
        var content: [UInt8]
        var shown: String
        /// (node name, value, range relative to the UTF8String's content)
        var tags: [(String, String, Range<Int>)]
    }

    static let cases: [Case] = [
        Case(name: "no tag", content: text("hello"), shown: "hello", tags: []),
        Case(name: "language", content: tagged("fr") + text("Bonjour"), shown: "Bonjour", tags: [("language", "fr", 0..<12)]),
        Case(name: "region subtag", content: tagged("fr-CA") + text("Bonjour"), shown: "Bonjour",
             tags: [("language", "fr-CA", 0..<24)]),
        Case(name: "tag only", content: tagged("de"), shown: "", tags: [("language", "de", 0..<12)]),
        Case(name: "tag after text", content: text("Hi ") + tagged("en"), shown: "Hi ", tags: [("language", "en", 3..<15)]),
        Case(name: "two languages", content: tagged("en") + text("Hello") + tagged("fr") + text("Salut"), shown: "HelloSalut",
             tags: [("language", "en", 0..<12), ("language", "fr", 17..<29)]),
        Case(name: "cancel tag", content: tagged("en") + text("Hello") + cancel + text(" world"), shown: "Hello world",
             tags: [("language", "en", 0..<12), ("language tag", "CANCEL TAG (U+E007F): the text after it has no language", 17..<21)]),
        Case(name: "language cancel", content: scalar(0xE0001) + cancel + text("x"), shown: "x",
             tags: [("language tag", "cancelled (U+E0001 U+E007F): the text after it has no language", 0..<8)]),
        Case(name: "not RFC 5646", content: tagged("fr_FR") + text("Bonjour"), shown: "Bonjour",
             tags: [("language", "fr_FR (not a well-formed RFC 5646 tag)", 0..<24)]),
        // Hostile and malformed sequences: shown as such, the text still readable.
        Case(name: "empty tag", content: scalar(0xE0001) + text("Bonjour"), shown: "Bonjour",
             tags: [("language tag", "malformed: LANGUAGE TAG (U+E0001) with no tag characters after it", 0..<4)]),
        Case(name: "empty tag at end", content: text("Bonjour") + scalar(0xE0001), shown: "Bonjour",
             tags: [("language tag", "malformed: LANGUAGE TAG (U+E0001) with no tag characters after it", 7..<11)]),
        Case(name: "tag characters without LANGUAGE TAG", content: tagCharacters("fr") + text("Bonjour"), shown: "Bonjour",
             tags: [("language tag", "malformed: tag characters \"fr\" without a LANGUAGE TAG (U+E0001)", 0..<8)]),
        Case(name: "tag interrupted by text", content: tagged("f") + text("-") + tagCharacters("r"), shown: "-",
             tags: [("language", "f (not a well-formed RFC 5646 tag)", 0..<8),
                    ("language tag", "malformed: tag characters \"r\" without a LANGUAGE TAG (U+E0001)", 9..<13)]),
        Case(name: "unknown tag identifier", content: scalar(0xE0002) + tagCharacters("ab") + text("x"), shown: "x",
             tags: [("language tag", "malformed: U+E0002 is no tag RFC 2482 defines before \"ab\"", 0..<12)]),
        Case(name: "U+E0000", content: scalar(0xE0000) + text("x"), shown: "x",
             tags: [("language tag", "malformed: U+E0000 is no tag RFC 2482 defines", 0..<4)]),
        Case(name: "invalid UTF-8 before the tag", content: [0xFF] + tagged("fr") + text("x"), shown: "\u{FFFD}x",
             tags: [("language", "fr", 1..<13)]),
        // A cut tag character is no tag character: shown as decoding shows it, nothing invented.
        Case(name: "cut tag character", content: text("x") + [0xF3, 0xA0, 0x80], shown: "x\u{FFFD}", tags: []),
        Case(name: "overlong is no tag character", content: [0xF0, 0x80, 0x80, 0x81] + text("x"),
             shown: String(decoding: [0xF0, 0x80, 0x80, 0x81, 0x78] as [UInt8], as: UTF8.self), tags: []),
    ]

    func testLanguageTagsInStatusString() throws {
        for item in Self.cases {
            let text = B.tlv(0x0C, item.content)
            let info = B.seq(B.int(2), B.seq(text))
            let message = B.message(body: 23, B.seq(info))
            let built = builder.build(message)
            XCTAssertNil(built.error, item.name)
            XCTAssertTrue(built.findings.isEmpty, "\(item.name): \(built.findings)")
            let node = try XCTUnwrap(built.root.find("body", "error", "pKIStatusInfo", "statusString")?.children.first, item.name)
            XCTAssertEqual(node.name, "text", item.name)
            XCTAssertEqual(node.value, item.shown, item.name)
            // The text node still covers every byte, tags included; each tag node covers its own bytes.
            XCTAssertEqual(node.range.count, text.count, item.name)
            let contentStart = node.range.upperBound - item.content.count
            XCTAssertEqual(node.children.map(\.name), item.tags.map(\.0), item.name)
            XCTAssertEqual(node.children.map(\.value), item.tags.map(\.1), item.name)
            XCTAssertEqual(node.children.map(\.range), item.tags.map { ByteRange($0.2.lowerBound + contentStart..<$0.2.upperBound + contentStart) },
                           item.name)
            for child in node.children {
                XCTAssertEqual(message[child.range.lowerBound], 0xF3, "\(item.name): a tag node starts at a tag character")
            }
        }
    }

    /// Every PKIFreeText in the modules reads its tags: header freeText, errorDetails, pollRep reason.
    func testEveryFreeTextFieldAndTheReplyLanguage() throws {
        let header = B.seq(B.int(2), B.ctx(4, B.seq()), B.ctx(4, B.seq()),
                           B.ctx(7, B.seq(B.utf8("plain"), B.tlv(0x0C, Self.tagged("de") + Self.text("Hallo")),
                                          B.tlv(0x0C, Self.tagged("fr") + Self.text("Salut")))))
        let root = builder.build(B.seq(header, B.ctx(19, B.null))).root
        let freeText = try XCTUnwrap(root.find("header", "freeText"))
        // RFC 9810 §5.1.1: "The first language used in this sequence indicates the desired language for replies."
        XCTAssertEqual(freeText.value, "3 items, reply language: de")
        XCTAssertEqual(freeText.children.map(\.value), ["plain", "Hallo", "Salut"])
        XCTAssertEqual(builder.build(B.message(body: 19, B.null)).root.find("header", "freeText")?.value, nil)
        let untagged = B.seq(B.int(2), B.ctx(4, B.seq()), B.ctx(4, B.seq()), B.ctx(7, B.seq(B.utf8("a"))))
        XCTAssertEqual(builder.build(B.seq(untagged, B.ctx(19, B.null))).root.find("header", "freeText")?.value, "1 item")

        let details = B.seq(B.tlv(0x0C, Self.tagged("en") + Self.text("no such profile")))
        let error = builder.build(B.message(body: 23, B.seq(B.seq(B.int(2)), B.int(7), details))).root
        let detail = try XCTUnwrap(error.find("body", "error", "errorDetails", "text"))
        XCTAssertEqual(detail.value, "no such profile")
        XCTAssertEqual(detail.find("language")?.value, "en")

        let poll = builder.build(B.message(body: 26, B.seq(B.seq(B.int(0), B.int(60),
                                                                 B.seq(B.tlv(0x0C, Self.tagged("ja") + Self.text("busy"))))))).root
        let reason = try XCTUnwrap(poll.find("body", "pollRep", "PollRep", "reason", "text"))
        XCTAssertEqual(reason.value, "busy")
        XCTAssertEqual(reason.find("language")?.value, "ja")
    }

    /// A string of nothing but LANGUAGE TAGs: a bounded number of nodes, the rest counted, no trap.
    func testManyTagSequencesAreBounded() throws {
        let count = 10_000
        let content = Array(repeating: Self.scalar(0xE0001) + Self.text("x"), count: count).flatMap { $0 }
        let built = builder.build(B.message(body: 23, B.seq(B.seq(B.int(2), B.seq(B.tlv(0x0C, content))))))
        XCTAssertNil(built.error)
        let node = try XCTUnwrap(built.root.find("body", "error", "pKIStatusInfo", "statusString", "text"))
        XCTAssertEqual(node.value, String(repeating: "x", count: count))
        XCTAssertEqual(node.children.count, LanguageTaggedText.shownSequences + 1)
        let last = try XCTUnwrap(node.children.last)
        XCTAssertEqual(last.value, "\(count - LanguageTaggedText.shownSequences) more tag sequences not shown")
        XCTAssertEqual(last.range.upperBound, node.range.upperBound - 1)
    }

    /// PKIFreeText is UTF8String; another string type is shown as it decodes, tags not read.
    func testOtherStringTypesAreNotReadForTags() throws {
        let bmp: [UInt8] = [0x00, 0x41]
        let built = builder.build(B.message(body: 23, B.seq(B.seq(B.int(2), B.seq(B.tlv(0x1E, bmp))))))
        let node = try XCTUnwrap(built.root.find("body", "error", "pKIStatusInfo", "statusString", "text"))
        XCTAssertEqual(node.value, "A")
        XCTAssertTrue(node.children.isEmpty)
    }

    func testSuppLangTagsInGenmAndGenp() throws {
        func value(body: UInt8, _ tags: [String]) throws -> DissectionNode {
            let itav = B.seq(B.oid("1.3.6.1.5.5.7.4.16"), B.seq(tags.flatMap(B.utf8)))
            let root = builder.build(B.message(pvno: 3, body: body, B.seq(itav))).root
            return try XCTUnwrap(root.find("body", body == 21 ? "genm" : "genp", "InfoTypeAndValue", "infoValue"))
        }
        let offer = try value(body: 21, ["en", "fr-CA", "english", "fr_FR"])
        XCTAssertEqual(offer.value, "en, fr-CA, english, fr_FR (not a well-formed RFC 5646 tag) (most preferred first)")
        XCTAssertEqual(offer.children.map(\.name), Array(repeating: "languageTag", count: 4))
        XCTAssertEqual(offer.children.last?.value, "fr_FR (not a well-formed RFC 5646 tag)")
        XCTAssertEqual(try value(body: 21, ["de"]).value, "de")
        XCTAssertEqual(try value(body: 22, ["fr-CA"]).value, "fr-CA (the responder's choice)")
        XCTAssertEqual(try value(body: 22, ["fr", "de"]).value, "fr, de")
        XCTAssertEqual(try value(body: 22, []).value, "0 items")
        let many = try value(body: 21, "abcdefghij".map { "a\($0)" })
        XCTAssertEqual(many.value, "aa, ab, ac, ad, ae, af, ag, ah, … (10 items) (most preferred first)")
    }

    func testGeneralMessageKindFromThePath() {
        XCTAssertEqual(TreeWalker.generalMessageKind("PKIMessage.body.genm[0].infoValue"), "genm")
        XCTAssertEqual(TreeWalker.generalMessageKind("PKIMessage.body.genp[3].infoValue"), "genp")
        XCTAssertNil(TreeWalker.generalMessageKind("PKIMessage.header.generalInfo[0].infoValue"))
        XCTAssertNil(TreeWalker.generalMessageKind("PKIMessage.body.genp[0].infoValue[0].header.generalInfo[0].infoValue"))
        XCTAssertNil(TreeWalker.generalMessageKind("PKIMessage.body.nested[0].header.generalInfo[0].infoValue"))
    }

    func testRFC5646WellFormedness() {
        let wellFormed = ["en", "fr-CA", "zh-Hant-TW", "sr-Latn-RS", "es-419", "de-CH-1996", "sl-rozaj-biske", "en-US-x-twain",
                          "x-private", "i-klingon", "zh-yue-HK", "zh-min-nan", "en-a-bbb-x-a-ccc", "english", "DE-ch", "de-1901"]
        for tag in wellFormed { XCTAssertTrue(LanguageTag(tag).isWellFormed, tag) }
        let malformed = ["", "fr_FR", "e", "en-", "-en", "en--US", "abcdefghi", "en-a", "x", "12", "en-US-x", "en US", "fr-ç",
                         "i-unknown", "en-a-b", "a1"]
        for tag in malformed { XCTAssertFalse(LanguageTag(tag).isWellFormed, tag) }
    }
}
