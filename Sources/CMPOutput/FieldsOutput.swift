/// `-T fields -e NAME … -E option=value`: tshark's field-per-column text output.
///
/// The caller extracts each field's occurrences (as text); this type owns tshark's `-E` options:
/// `header=y|n`, `separator=/t|/s|C`, `quote=d|s|n`, `occurrence=f|l|a|N` (N from 1, negative from
/// the end), `aggregator=,|/s|C` (between occurrences when all are printed).
public struct FieldsOutput: Sendable, Equatable {
    public enum Quote: Sendable, Equatable { case double, single, none }
    public enum Occurrence: Sendable, Equatable { case all, first, last, index(Int) }

    public var header = false
    public var separator = "\t"
    public var quote = Quote.none
    public var occurrence = Occurrence.all
    public var aggregator = ","

    public init() {}

    public struct OptionError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Applies one `-E` argument.
    public mutating func apply(_ option: String) throws(OptionError) {
        guard let equals = option.firstIndex(of: "=") else {
            throw OptionError(description: "-E \(option): expected name=value (header, separator, quote, occurrence, aggregator)")
        }
        let name = String(option[..<equals]), value = String(option[option.index(after: equals)...])
        switch name {
        case "header":
            guard value == "y" || value == "n" else { throw OptionError(description: "-E header takes y or n") }
            header = value == "y"
        case "separator":
            guard let text = Self.character(value) else { throw OptionError(description: "-E separator takes /t, /s or one character") }
            separator = text
        case "aggregator":
            guard let text = Self.character(value) else { throw OptionError(description: "-E aggregator takes /s or one character") }
            aggregator = text
        case "quote":
            switch value {
            case "d": quote = .double
            case "s": quote = .single
            case "n": quote = .none
            default: throw OptionError(description: "-E quote takes d, s or n")
            }
        case "occurrence":
            switch value {
            case "a": occurrence = .all
            case "f": occurrence = .first
            case "l": occurrence = .last
            default:
                guard let number = Int(value), number != 0 else {
                    throw OptionError(description: "-E occurrence takes f, l, a or a non-zero number")
                }
                occurrence = .index(number)
            }
        default:
            throw OptionError(description: "-E \(name): unknown option (header, separator, quote, occurrence, aggregator)")
        }
    }

    /// `/t` and `/s` as tshark spells tab and space; otherwise exactly one character.
    static func character(_ value: String) -> String? {
        switch value {
        case "/t": return "\t"
        case "/s": return " "
        default: return value.count == 1 ? value : nil
        }
    }

    /// The header line (field names), without its newline.
    public func headerLine(_ names: [String]) -> String {
        names.map(quoted).joined(separator: separator)
    }

    /// One line from each field's occurrences, without its newline. An absent field is an empty
    /// column (quoted when quoting is on, as tshark does).
    public func line(_ fields: [[String]]) -> String {
        fields.map { quoted(select($0).joined(separator: aggregator)) }.joined(separator: separator)
    }

    func select(_ values: [String]) -> [String] {
        switch occurrence {
        case .all: return values
        case .first: return values.first.map { [$0] } ?? []
        case .last: return values.last.map { [$0] } ?? []
        case .index(let number):
            let index = number > 0 ? number - 1 : values.count + number
            return index >= 0 && index < values.count ? [values[index]] : []
        }
    }

    func quoted(_ text: String) -> String {
        switch quote {
        case .none: return text
        case .double: return "\"" + text.replacingAll("\"", with: "\\\"") + "\""
        case .single: return "'" + text.replacingAll("'", with: "\\'") + "'"
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
