/// A cursor over the children of a constructed element, as the walk reads them in order.
///
/// Remembers whether the parent was complete: when the available children run out inside an
/// incomplete parent, the walk reports the parent as truncated instead of treating the missing rest
/// as absent optional fields.
public struct TLVChildren: Sendable {
    public var position: Int
    public let end: Int
    public let parentIsComplete: Bool
    /// Nesting depth of the children.
    public let depth: Int
    /// An indefinite length (the parent's or a skipped child's) whose end could not be found: reported
    /// when the children run out, since the rest of the parent cannot be located.
    public var failure: TLVScanner.Failure?

    public init(of parent: TLV) {
        position = parent.contentStart
        end = parent.contentEnd
        parentIsComplete = parent.isComplete
        depth = parent.depth + 1
        failure = parent.closingFailure
    }

    public var isExhausted: Bool { position >= end }
}
