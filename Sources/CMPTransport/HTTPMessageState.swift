import CMPCore

/// One HTTP message being framed in one direction, from its parsed head to the end of its body.
///
/// A body that is (or may be) CMP stays in the `StreamBuffer` until complete (`keep`): the
/// reassembler's per-direction limit then bounds it, and the PDU's frames come from one
/// `frames(forNext:)`. Any other body is consumed as it arrives, so a 1 GB download costs nothing.
struct HTTPMessageState {
    enum BodyFraming: Equatable {
        case length(remaining: UInt64)
        case chunked(ChunkPhase)
        case closeDelimited
    }

    /// RFC 9112 §7.1: chunk-size [extensions] CRLF, data CRLF, …, last-chunk, trailer section, CRLF.
    enum ChunkPhase: Equatable {
        case size
        case data(remaining: UInt64)
        case dataEnd
        case trailers
    }

    var info: HTTPInfo
    var media: HTTPMediaType
    var isRequest: Bool
    var requestID: Int?
    /// For a response: whether the request it answers carried CMP.
    var answersCMPRequest = false
    var headStreamOffset: UInt64
    /// Bytes of the start line and header fields through the blank line (at the reader while `keep`).
    var headLength = 0
    /// A copy of the head, taken up front only for an error answer to a CMP request (whose body is
    /// consumed as it arrives); CMP bodies copy it from the buffer when they are emitted.
    var head: [UInt8]?
    var findings: [Finding] = []
    var framing: BodyFraming
    /// The declared length when the body has one (for the sniffer's exact-fill check).
    var declaredLength: UInt64?
    /// Bytes stay buffered until the message completes.
    var keep = true
    /// Whether the body is CMP has been decided (only meaningful while `keep`).
    var decided: Bool
    /// Next unparsed byte, relative to the reader (0 in skip mode: parsed bytes are consumed).
    var cursor: Int
    /// Body bytes relative to the reader (keep mode), in order.
    var bodyRanges: [Range<Int>] = []
    var bodyCount: UInt64 = 0
    var bodyStreamOffset: UInt64?
    var trailerBytes = 0
    /// Frames of consumed bytes, kept only when an envelope without CMP may be due (an error answer).
    var trackFrames = false
    var frames: [FrameRef] = []

    var isCMP: Bool { keep && decided }

    mutating func addFrames(_ more: [FrameRef]) {
        for frame in more where frames.last != frame { frames.append(frame) }
    }
}
