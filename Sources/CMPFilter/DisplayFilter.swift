import CMPCore

/// `-Y FILTER`: a tshark-like display filter over message fields (`MessageField.catalogue`),
/// parsed once, evaluated per message.
public struct DisplayFilter: Sendable, CustomStringConvertible {
    public let text: String
    let expression: FilterExpression

    public init(_ text: String) throws(FilterSyntaxError) {
        self.text = text
        expression = try FilterParser.parse(text)
    }

    public func matches(_ message: DissectedMessage) -> Bool { expression.evaluate(message) }

    public var description: String { text }
}
