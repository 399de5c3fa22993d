/// A planned TCP connection (or UDP exchange) of the generated capture: both directions' bytes,
/// the packets to write in order, and where each CMP message ends, so the generator can name the
/// frame that completes it.
struct GeneratedFlow {
    /// A CMP message of the ground truth: where it ends in its direction's stream.
    struct Mark {
        var end: Int
        var body: String
    }

    var addressing: FlowAddressing
    /// "http" or "tcpmsg" for CMP flows, nil for the rest of the traffic.
    var cmpTransport: String?
    var clientStream: [UInt8] = []
    var serverStream: [UInt8] = []
    var packets: [PlannedPacket] = []
    var nextPacket = 0
    var clientMarks: [Mark] = []
    var serverMarks: [Mark] = []
    var clientTracker = StreamCompletionTracker()
    var serverTracker = StreamCompletionTracker()
    /// Connections that start when this one has ended (HTTP/1.0: one connection per exchange).
    var continuation: [GeneratedFlow] = []

    init(addressing: FlowAddressing, cmpTransport: String?) {
        self.addressing = addressing
        self.cmpTransport = cmpTransport
    }

    var isFinished: Bool { nextPacket >= packets.count }

    /// Records that `packet` was written; returns the bodies of the messages it completed, in order.
    mutating func delivered(_ packet: PlannedPacket) -> [String] {
        guard packet.end > packet.start, cmpTransport != nil else { return [] }
        var bodies = [String]()
        if packet.fromClient {
            clientTracker.add(packet.start, packet.end)
            while let mark = clientMarks.first, mark.end <= clientTracker.contiguous {
                bodies.append(mark.body); clientMarks.removeFirst()
            }
        } else {
            serverTracker.add(packet.start, packet.end)
            while let mark = serverMarks.first, mark.end <= serverTracker.contiguous {
                bodies.append(mark.body); serverMarks.removeFirst()
            }
        }
        return bodies
    }
}
