import CMPCapture
import CMPCore

/// `-w FILE`: keeps the frames of every TCP connection that carried a (displayed) CMP message —
/// each segment of each message, the handshakes, ACKs and FINs around them — so the saved file
/// reads in tshark and Wireshark as whole conversations, and dissecting it again gives the same
/// messages. Works the same for live capture and files.
///
/// A connection is known to carry CMP only once a message on it completes, so frames are written
/// when an input ends (`endInput`), in capture order. Until then each frame's connection number is
/// remembered: for a capture file, 4 bytes per frame, and the file is read a second time to copy the
/// frames (`beginInput(rereading:)`); for a live capture or standard input, which cannot be read
/// twice, the frames themselves are spooled to an unlinked temporary file (`FrameSpool`).
/// Frames that are not TCP, and IP fragments before reassembly, are not kept.
public final class CMPConnectionRecorder {
    public let writer: PcapngWriter
    private lazy var spool: Result<FrameSpool, Error> = Result { try FrameSpool() }
    /// Set by `beginInput(rereading:)`: the file and capture filter to read again.
    private var reread: (path: String, filter: String?)?
    /// Re-read mode: the connection number of each frame the first pass saw, in order.
    private var frameTags: [UInt32] = []
    private var flowTags: [FlowKey: UInt32] = [:]
    private var cmpFlows: Set<FlowKey> = []
    public private(set) var framesSaved = 0
    /// Link type of the input's frames, for the interface block of a file that got no packets.
    private var inputLinkType: LinkType?

    static let untagged = UInt32.max

    public init(writer: PcapngWriter) throws {
        self.writer = writer
    }

    /// Starts an input. With `path` (a capture file, not standard input) the frames are not
    /// spooled: `endInput` reads the file again with the same capture filter, which yields the
    /// same frames in the same order.
    public func beginInput(rereading path: String? = nil, filter: String? = nil) {
        reread = path.map { ($0, filter) }
        frameTags.removeAll()
    }

    public func observe(_ frame: Frame, flow: FlowKey?) {
        var tag = Self.untagged
        if let flow {
            if let known = flowTags[flow] {
                tag = known
            } else if flowTags.count < Int(Self.untagged) {
                tag = UInt32(flowTags.count)
                flowTags[flow] = tag
            }
        }
        if inputLinkType == nil { inputLinkType = frame.linkType }
        if reread != nil {
            frameTags.append(tag)
        } else if case .success(let spool) = spool {
            spool.append(frame, tag: tag)
        }
    }

    public func noteMessage(_ message: DissectedMessage) {
        guard let source = message.envelope.source, let destination = message.envelope.destination else { return }
        cmpFlows.insert(FlowKey(source, destination))
    }

    /// Writes the frames of the connections that carried CMP, in capture order, and starts over
    /// for the next input (frame numbers and connections are per input).
    public func endInput() throws {
        defer {
            flowTags.removeAll()
            cmpFlows.removeAll()
            frameTags.removeAll()
            reread = nil
        }
        let keep = Set(cmpFlows.compactMap { flowTags[$0] })
        if let reread {
            if !keep.isEmpty { try copyFrames(from: reread.path, filter: reread.filter, keep: keep) }
        } else {
            try spool.get().replay { tag, frame in
                guard keep.contains(tag) else { return }
                try writer.write(frame)
                framesSaved += 1
            }
        }
        try writer.ensureInterface(inputLinkType ?? .ethernet)
        try writer.flush()
    }

    /// The second pass over a capture file: the same filter gives the same frames, so the n-th
    /// frame read is the n-th frame observed. It stops where the first pass stopped (a truncated
    /// file ends in the same place; `-c` may have stopped earlier).
    private func copyFrames(from path: String, filter: String?, keep: Set<UInt32>) throws {
        let source = try PcapFileSource(path: path, filter: filter)
        var index = 0
        while index < frameTags.count, let frame = try? source.nextFrame() {
            if keep.contains(frameTags[index]) {
                try writer.write(frame)
                framesSaved += 1
            }
            index += 1
        }
    }
}
