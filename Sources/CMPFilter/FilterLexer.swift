/// Splits a display filter into tokens. Unquoted words run until white space, a parenthesis, a
/// quote or an operator character, so `cmp.body==ir` needs no spaces and IPv6 addresses (`::1`),
/// networks (`10.0.0.0/8`), colon-separated bytes (`3f:2a`) and ranges (`8000..8080`) are single words.
struct FilterLexer {
    private let characters: [Character]
    private let text: String
    private var index = 0

    init(_ text: String) {
        self.text = text
        characters = Array(text)
    }

    static func tokens(_ text: String) throws(FilterSyntaxError) -> [FilterToken] {
        var lexer = FilterLexer(text)
        var tokens = [FilterToken]()
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private static let operatorCharacters: Set<Character> = ["=", "!", "<", ">", "&", "|", "~", "{", "}", ","]

    mutating func next() throws(FilterSyntaxError) -> FilterToken {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let start = index
        guard index < characters.count else { return FilterToken(kind: .end, position: start) }
        let character = characters[index]
        func two(_ second: Character) -> Bool { index + 1 < characters.count && characters[index + 1] == second }
        switch character {
        case "(": index += 1; return FilterToken(kind: .leftParen, position: start)
        case ")": index += 1; return FilterToken(kind: .rightParen, position: start)
        case "{": index += 1; return FilterToken(kind: .leftBrace, position: start)
        case "}": index += 1; return FilterToken(kind: .rightBrace, position: start)
        case ",": index += 1; return FilterToken(kind: .comma, position: start)
        case "\"": return FilterToken(kind: .string(try quotedString()), position: start)
        case "=":
            guard two("=") else { throw error(start, expected: "'==' (a single '=' is not an operator)") }
            index += 2; return FilterToken(kind: .comparison(.equal), position: start)
        case "!":
            if two("=") { index += 2; return FilterToken(kind: .comparison(.notEqual), position: start) }
            index += 1; return FilterToken(kind: .not, position: start)
        case "<":
            if two("=") { index += 2; return FilterToken(kind: .comparison(.lessOrEqual), position: start) }
            index += 1; return FilterToken(kind: .comparison(.less), position: start)
        case ">":
            if two("=") { index += 2; return FilterToken(kind: .comparison(.greaterOrEqual), position: start) }
            index += 1; return FilterToken(kind: .comparison(.greater), position: start)
        case "~": index += 1; return FilterToken(kind: .comparison(.matches), position: start)
        case "&":
            guard two("&") else { throw error(start, expected: "'&&'") }
            index += 2; return FilterToken(kind: .and, position: start)
        case "|":
            guard two("|") else { throw error(start, expected: "'||'") }
            index += 2; return FilterToken(kind: .or, position: start)
        default:
            var word = ""
            while index < characters.count {
                let next = characters[index]
                if next.isWhitespace || next == "(" || next == ")" || next == "\"" || Self.operatorCharacters.contains(next) { break }
                word.append(next)
                index += 1
            }
            switch word {
            case "and": return FilterToken(kind: .and, position: start)
            case "or": return FilterToken(kind: .or, position: start)
            case "not": return FilterToken(kind: .not, position: start)
            case "in": return FilterToken(kind: .in, position: start)
            default:
                if let op = FilterOperator(word: word) { return FilterToken(kind: .comparison(op), position: start) }
                return FilterToken(kind: .word(word), position: start)
            }
        }
    }

    /// A double-quoted string with `\"`, `\\`, `\n`, `\t` escapes; other escapes keep the
    /// backslash so regular expressions (`"\d+"`) can be written without doubling it.
    private mutating func quotedString() throws(FilterSyntaxError) -> String {
        let start = index
        index += 1
        var value = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "\"": return value
            case "\\":
                guard index < characters.count else { break }
                let escaped = characters[index]
                index += 1
                switch escaped {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append("\\"); value.append(escaped)
                }
            default:
                value.append(character)
            }
        }
        throw FilterSyntaxError(filter: text, position: start, expected: "a closing '\"' for this string",
                                found: "end of filter")
    }

    private func error(_ position: Int, expected: String) -> FilterSyntaxError {
        FilterSyntaxError(filter: text, position: position, expected: expected, found: "'\(characters[position])'")
    }
}
