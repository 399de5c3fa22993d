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

    /// The header line (field names), without its newline; tshark does not quote it.
    public func headerLine(_ names: [String]) -> String {
        names.joined(separator: separator)
    }

    /// One line from each field's occurrences, without its newline. As tshark 4.0 does: an
    /// absent field is an empty, unquoted column; quotes wrap a value without escaping quotes
    /// inside it; tab, newline and carriage return inside a value are written `\t`, `\n`, `\r`
    /// so a value cannot break the table.
    public func line(_ fields: [[String]]) -> String {
        fields.map { values in
            let chosen = select(values)
            return chosen.isEmpty ? "" : quoted(chosen.map(Self.escapingControls).joined(separator: aggregator))
        }.joined(separator: separator)
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
        case .none: text
        case .double: "\"" + text + "\""
        case .single: "'" + text + "'"
        }
    }

    static func escapingControls(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
