/// Recursive descent over the tokens, lowest precedence first:
///
///     filter     := or END
///     or         := and (('||' | 'or') and)*
///     and        := unary (('&&' | 'and') unary)*
///     unary      := ('!' | 'not') unary | primary
///     primary    := '(' or ')' | FIELD [OPERATOR VALUE | 'in' '{' (VALUE | LOW..HIGH) [','] … '}']
///
/// `&&` binds tighter than `||`, as in tshark (which warns about mixing them unparenthesized).
struct FilterParser {
    private let text: String
    private let tokens: [FilterToken]
    private var index = 0
    private var depth = 0
    /// Parentheses and `!` nest by recursion: a bound keeps a pathological filter from
    /// exhausting the stack (real filters nest a handful of levels).
    static let maximumDepth = 200
    /// Chains of `&&`/`||` build a left-nested tree that evaluation walks recursively, so the
    /// number of terms is bounded too (far beyond any filter a person writes).
    static let maximumTerms = 10_000
    private var terms = 0

    init(text: String, tokens: [FilterToken]) {
        self.text = text
        self.tokens = tokens
    }

    static func parse(_ text: String) throws(FilterSyntaxError) -> FilterExpression {
        var parser = FilterParser(text: text, tokens: try FilterLexer.tokens(text))
        if parser.current.kind == .end {
            throw parser.error(expected: "a field name, '!' or '('")
        }
        let expression = try parser.parseOr()
        guard parser.current.kind == .end else {
            throw parser.error(expected: "'&&', '||' or end of filter")
        }
        return expression
    }

    /// The lexer always ends the list with `.end`, so there is a current token.
    private var current: FilterToken { tokens[min(index, tokens.count - 1)] }

    private mutating func parseOr() throws(FilterSyntaxError) -> FilterExpression {
        var expression = try parseAnd()
        while current.kind == .or {
            index += 1
            expression = .or(expression, try parseAnd())
        }
        return expression
    }

    private mutating func parseAnd() throws(FilterSyntaxError) -> FilterExpression {
        var expression = try parseUnary()
        while current.kind == .and {
            index += 1
            expression = .and(expression, try parseUnary())
        }
        return expression
    }

    private mutating func parseUnary() throws(FilterSyntaxError) -> FilterExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error(expected: "at most \(Self.maximumDepth) nested parentheses or '!'")
        }
        if current.kind == .not {
            index += 1
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(FilterSyntaxError) -> FilterExpression {
        switch current.kind {
        case .leftParen:
            index += 1
            let inner = try parseOr()
            guard current.kind == .rightParen else { throw error(expected: "')'") }
            index += 1
            return inner
        case .word(let name):
            terms += 1
            guard terms <= Self.maximumTerms else { throw error(expected: "at most \(Self.maximumTerms) comparisons") }
            guard let field = MessageField.named(name) else {
                throw FilterSyntaxError(filter: text, position: current.position,
                                        expected: "a field name (cmpdissect --help lists them)", found: "'\(name)'")
            }
            index += 1
            if current.kind == .in {
                index += 1
                return .member(field, try parseSet(field))
            }
            guard case .comparison(let op) = current.kind else { return .exists(field) }
            index += 1
            let valueToken = current
            let literalText: String
            switch valueToken.kind {
            case .word(let word): literalText = word
            case .string(let string): literalText = string
            default: throw error(expected: "a value after '\(op.spelling)'")
            }
            let value = try literal(literalText, field: field, op: op, token: valueToken)
            index += 1
            return .compare(field, op, value)
        default:
            throw error(expected: "a field name, '!' or '('")
        }
    }

    /// `{` members `}`, members separated by white space or commas; a member `a..b` is a range.
    private mutating func parseSet(_ field: MessageField) throws(FilterSyntaxError) -> [FilterSetItem] {
        guard current.kind == .leftBrace else { throw error(expected: "'{' after 'in'") }
        index += 1
        var items = [FilterSetItem]()
        while current.kind != .rightBrace {
            if current.kind == .comma, !items.isEmpty {
                index += 1
                continue
            }
            let token = current
            let text: String
            switch token.kind {
            case .word(let word): text = word
            case .string(let string): text = string
            default: throw error(expected: items.isEmpty ? "a value after '{'" : "a value or '}'")
            }
            if case .word = token.kind, let dots = text.ranges(of: "..").first {
                let low = try literal(String(text[..<dots.lowerBound]), field: field, op: .greaterOrEqual, token: token)
                let high = try literal(String(text[dots.upperBound...]), field: field, op: .lessOrEqual, token: token)
                items.append(.range(low, high))
            } else {
                items.append(.value(try literal(text, field: field, op: .equal, token: token)))
            }
            index += 1
        }
        guard !items.isEmpty else { throw error(expected: "at least one value in '{}'") }
        index += 1
        return items
    }

    private func literal(_ text: String, field: MessageField, op: FilterOperator, token: FilterToken) throws(FilterSyntaxError) -> FilterLiteral {
        switch FilterLiteral.make(text, kind: field.kind, op: op) {
        case .success(let literal):
            return literal
        case .failure(let failure):
            throw FilterSyntaxError(filter: self.text, position: token.position,
                                    expected: failure.expected + " for \(field.name)", found: token.quoted)
        }
    }

    private func error(expected: String) -> FilterSyntaxError {
        FilterSyntaxError(filter: text, position: current.position, expected: expected, found: current.quoted)
    }
}
