/// The name of a type in `SchemaLibrary` (`.ref("Certificate")`), hashed once when it is written.
///
/// Every `.ref` node of every tree looks its type up by name, two or three times (does the TLV
/// match, is it constructed, decode it): hashing the text each time was 2.5% of a `-V` run.
public struct SchemaName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let text: String
    /// `text`'s hash in this process, computed once.
    private let textHash: Int

    public init(_ text: String) {
        self.text = text
        textHash = text.hashValue
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public static func == (lhs: SchemaName, rhs: SchemaName) -> Bool {
        lhs.textHash == rhs.textHash && lhs.text == rhs.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(textHash)
    }

    public var description: String { text }
}
