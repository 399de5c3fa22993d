/// One lexical token of a display filter, with its character offset for error messages.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case leftParen, rightParen, and, or, not
        /// `in {…}` set membership, as tshark's `tcp.port in {80 443 8000..8080}`.
        case leftBrace, rightBrace, comma, `in`
        case comparison(FilterOperator)
        /// An unquoted word: a field name or a literal (`ir`, `10.0.0.1`, `3f:2a`, `warning`).
        case word(String)
        /// A double-quoted string, escapes resolved.
        case string(String)
        case end
    }

    var kind: Kind
    var position: Int

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .and: "'&&'"
        case .or: "'||'"
        case .not: "'!'"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .comma: "','"
        case .in: "'in'"
        case .comparison(let op): "'\(op.spelling)'"
        case .word(let text): "'\(text)'"
        case .string(let text): "\"\(text)\""
        case .end: "end of filter"
        }
    }
}
