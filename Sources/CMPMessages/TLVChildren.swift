/// A cursor over the children of a constructed element, as the walk reads them in order.
///
/// Remembers whether the parent was complete: when the available children run out inside an
/// incomplete parent, the walk reports the parent as truncated instead of treating the missing rest
/// as absent optional fields.
struct TLVChildren {
    var position: Int
    let end: Int
    let parentIsComplete: Bool
    /// Nesting depth of the children.
    let depth: Int

    init(of parent: TLV) {
        position = parent.contentStart
        end = parent.contentEnd
        parentIsComplete = parent.isComplete
        depth = parent.depth + 1
    }

    var isExhausted: Bool { position >= end }
}
