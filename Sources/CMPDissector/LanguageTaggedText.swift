/// One UTF8String of a PKIFreeText with its RFC 2482 language tags read out.
///
/// RFC 9810 §5.1.1 (as RFC 4210 before it): "Each UTF8String MAY include a language tag [RFC5646] to
/// indicate the language of the contained text. The format of such a language tag is described in
/// [RFC2482]": U+E0001 LANGUAGE TAG, then the tag spelt in tag characters U+E0020–U+E007E (ASCII
/// plus 0xE0000), ended by the first character that is no tag character; U+E007F CANCEL TAG ends
/// all tags, U+E0001 U+E007F the language tag alone.
///
/// Keeps each tag sequence with its byte range (they are the bytes the tree node covers) and the
/// text with every tag character removed, as a reader wants to see it. Tag characters are found in
/// the UTF-8 bytes themselves (F3 A0 80 80 – F3 A0 81 BF): F3 can only start a sequence, so this
/// finds exactly what a decoder would, and the ranges are exact even around invalid UTF-8.
struct LanguageTaggedText {
    enum Kind: Equatable {
        /// `LANGUAGE TAG` + tag characters: the tag they spell.
        case language(String)
        /// `LANGUAGE TAG CANCEL TAG`: the text after it has no language (RFC 2482 §3.3).
        case cancelLanguage
        /// `CANCEL TAG` alone: every tag ends (RFC 2482 §3.3).
        case cancelAll
        /// `LANGUAGE TAG` without any tag character after it.
        case empty
        /// Tag characters with no `LANGUAGE TAG` before them: what they spell.
        case orphan(String)
        /// A tag identification character RFC 2482 does not define (U+E0000, U+E0002–U+E001F), and
        /// what the tag characters after it spell.
        case unknownIdentifier(UInt32, String)
    }

    struct Sequence: Equatable {
        var kind: Kind
        var range: Range<Int>
    }

    /// The text as shown: the bytes that are no tag characters, decoded as UTF-8.
    var text: String
    /// At most `shownSequences`, in byte order.
    var sequences: [Sequence]
    /// Sequences after `shownSequences`, and the bytes from the first of them to the last.
    var omitted = 0
    var omittedRange: Range<Int>?

    /// A text tree node per tag sequence: a hostile string of 4-byte tags would otherwise become a
    /// node per tag (a 16 MiB text, 4 million nodes). The text itself is still shown without any.
    static let shownSequences = 32

    static let languageTag: UInt32 = 0xE0001
    static let cancelTag: UInt32 = 0xE007F

    /// Nil when the string has no tag characters (the text is then shown as any other string).
    init?(_ bytes: [UInt8], _ content: Range<Int>) {
        var characters = [(scalar: UInt32, range: Range<Int>)]()
        var kept = [UInt8]()
        var index = content.lowerBound
        while index < content.upperBound {
            if let scalar = Self.tagCharacter(bytes, at: index, end: content.upperBound) {
                characters.append((scalar, index..<(index + 4)))
                index += 4
            } else {
                kept.append(bytes[index])
                index += 1
            }
        }
        guard !characters.isEmpty else { return nil }
        text = String(decoding: kept, as: UTF8.self)
        sequences = []
        var position = 0
        while position < characters.count {
            let start = characters[position]
            var end = position + 1
            // Tag characters belong to the sequence while they follow each other without a gap.
            func spelled() -> String {
                var ascii = [UInt8]()
                while end < characters.count, characters[end].range.lowerBound == characters[end - 1].range.upperBound,
                      (0xE0020...0xE007E).contains(characters[end].scalar) {
                    ascii.append(UInt8(truncatingIfNeeded: characters[end].scalar - 0xE0000))
                    end += 1
                }
                return String(decoding: ascii, as: UTF8.self)
            }
            let kind: Kind
            switch start.scalar {
            case Self.languageTag:
                if end < characters.count, characters[end].scalar == Self.cancelTag,
                   characters[end].range.lowerBound == start.range.upperBound {
                    end += 1
                    kind = .cancelLanguage
                } else {
                    let tag = spelled()
                    kind = tag.isEmpty ? .empty : .language(tag)
                }
            case Self.cancelTag:
                kind = .cancelAll
            case 0xE0020...0xE007E:
                let first = String(UnicodeScalar(UInt8(truncatingIfNeeded: start.scalar - 0xE0000)))
                kind = .orphan(first + spelled())
            default:
                kind = .unknownIdentifier(start.scalar, spelled())
            }
            let range = start.range.lowerBound..<characters[end - 1].range.upperBound
            if sequences.count < Self.shownSequences {
                sequences.append(Sequence(kind: kind, range: range))
            } else {
                omitted += 1
                omittedRange = (omittedRange?.lowerBound ?? range.lowerBound)..<range.upperBound
            }
            position = end
        }
    }

    /// The tag character (U+E0000–U+E007F) whose UTF-8 encoding starts at `index`.
    static func tagCharacter(_ bytes: [UInt8], at index: Int, end: Int) -> UInt32? {
        guard index + 4 <= end, bytes[index] == 0xF3, bytes[index + 1] == 0xA0,
              bytes[index + 2] == 0x80 || bytes[index + 2] == 0x81,
              (0x80...0xBF).contains(bytes[index + 3])
        else { return nil }
        return 0xE0000 | UInt32(bytes[index + 2] & 0x01) << 6 | UInt32(bytes[index + 3] & 0x3F)
    }

    /// The first language this text names, if it names one.
    var firstLanguage: String? {
        for sequence in sequences {
            if case .language(let tag) = sequence.kind { return tag }
        }
        return nil
    }
}
