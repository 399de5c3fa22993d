import CMPCapture
import CMPCore

/// `-w FILE`: keeps the frames of every TCP connection that carried a (displayed) CMP message —
/// each segment of each message, the handshakes, ACKs and FINs around them — so the saved file
/// reads in tshark and Wireshark as whole conversations, and dissecting it again gives the same
/// messages. Works the same for live capture and files.
///
/// Frames are spooled with their connection's number while an input is read, and copied to the
/// writer when it ends (`endInput`), because a connection is known to carry CMP only once a message
/// on it completes. Frames that are not TCP, and IP fragments before reassembly, are not kept.
public final class CMPConnectionRecorder {
    public let writer: PcapngWriter
    private let spool: FrameSpool
    private var flowTags: [FlowKey: UInt32] = [:]
    private var cmpFlows: Set<FlowKey> = []
    public private(set) var framesSaved = 0
    /// Link type of the input's frames, for the interface block of a file that got no packets.
    private var inputLinkType: LinkType?

    static let untagged = UInt32.max

    public init(writer: PcapngWriter) throws {
        self.writer = writer
        spool = try FrameSpool()
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
        spool.append(frame, tag: tag)
        if inputLinkType == nil { inputLinkType = frame.linkType }
    }

    public func noteMessage(_ message: DissectedMessage) {
        guard let source = message.envelope.source, let destination = message.envelope.destination else { return }
        cmpFlows.insert(FlowKey(source, destination))
    }

    /// Writes the frames of the connections that carried CMP, in capture order, and starts over
    /// for the next input (frame numbers and connections are per input).
    public func endInput() throws {
        let keep = Set(cmpFlows.compactMap { flowTags[$0] })
        try spool.replay { tag, frame in
            guard keep.contains(tag) else { return }
            try writer.write(frame)
            framesSaved += 1
        }
        try writer.ensureInterface(inputLinkType ?? .ethernet)
        try writer.flush()
        flowTags.removeAll()
        cmpFlows.removeAll()
    }
}
