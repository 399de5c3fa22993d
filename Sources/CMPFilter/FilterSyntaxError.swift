/// A display filter that could not be parsed: where, and what the parser expected there.
///
/// `position` is a 0-based character offset into the filter text; `description` prints it as a
/// 1-based column, and a caret line under the filter, as tshark's `-Y` errors do.
public struct FilterSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var filter: String
    public var position: Int
    /// What would have been valid here (`a value after '=='`, `')'`, a field name, …).
    public var expected: String
    /// What was there instead (`end of filter`, `'xyz'`), or nil when the problem is the token itself.
    public var found: String?

    public init(filter: String, position: Int, expected: String, found: String?) {
        self.filter = filter
        self.position = position
        self.expected = expected
        self.found = found
    }

    public var description: String {
        var text = "display filter, column \(position + 1): expected \(expected)"
        if let found { text += ", found \(found)" }
        return text + "\n  " + filter + "\n  " + String(repeating: " ", count: max(0, position)) + "^"
    }
}
