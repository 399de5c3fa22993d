import CMPCore

/// Where frames come from: a capture file, a live interface, or memory (tests).
///
/// Each `Frame` borrows the source's buffer and is valid only until the next `nextFrame()` call,
/// so reading does not allocate per packet.
public protocol FrameSource {
    /// The next frame, nil at the end of the input. Frames read before a read error are
    /// delivered first; the error is thrown by the call after the last good frame.
    mutating func nextFrame() throws -> Frame?
    var linkType: LinkType { get }
}
