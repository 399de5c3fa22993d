import CMPCore
import CMPReassembly
import CMPTransport

/// The reassembler's consumer: one `TransportSession` per connection slot, frames PDUs straight out
/// of the reassembly buffers and queues the envelopes for the CMP decoder.
struct TransportConsumer: StreamConsumer {
    let options: PipelineOptions
    private var sessions: [TransportSession?] = []
    private var connectionIndices: [Int] = []
    private var endpoints: [(client: Endpoint, server: Endpoint)?] = []
    private var nextConnectionIndex = 0
    /// Reassembly findings waiting for the next envelope of their connection and direction.
    private var pendingFindings: [Int: [Finding]] = [:]
    /// Envelopes framed since the pipeline last drained them, in completion order.
    var ready: [CMPEnvelope] = []
    /// Findings whose connection closed before another envelope could carry them.
    var unattached = UnattachedFindings()

    init(options: PipelineOptions) {
        self.options = options
    }

    mutating func connectionOpened(slot: Int, client: Endpoint, server: Endpoint) {
        while sessions.count <= slot {
            sessions.append(nil)
            connectionIndices.append(0)
            endpoints.append(nil)
        }
        connectionIndices[slot] = nextConnectionIndex
        nextConnectionIndex += 1
        endpoints[slot] = (client, server)
        startSession(slot: slot)
    }

    private mutating func startSession(slot: Int) {
        guard let ends = endpoints[slot] else { return }
        sessions[slot] = TransportSession(
            connectionIndex: connectionIndices[slot], client: ends.client, server: ends.server,
            decodeAs: options.transportHint(client: ends.client, server: ends.server), limits: options.limits)
    }

    mutating func streamData(slot: Int, direction: Direction, buffer: inout StreamBuffer) {
        var framed = [CMPEnvelope]()
        sessions[slot]?.receive(&buffer, direction: direction) { framed.append($0) }
        queue(framed, slot: slot)
    }

    mutating func streamGap(slot: Int, direction: Direction, buffer: inout StreamBuffer, lostBytes: UInt64) {
        var framed = [CMPEnvelope]()
        sessions[slot]?.gap(&buffer, direction: direction, lostBytes: lostBytes) { framed.append($0) }
        queue(framed, slot: slot)
    }

    mutating func streamEnded(slot: Int, direction: Direction, buffer: inout StreamBuffer) {
        var framed = [CMPEnvelope]()
        sessions[slot]?.finish(&buffer, direction: direction) { framed.append($0) }
        queue(framed, slot: slot)
    }

    mutating func connectionClosed(slot: Int) {
        guard slot < sessions.count else { return }
        for finding in sessions[slot]?.unreportedFindings ?? [] { unattached.add(finding) }
        sessions[slot] = nil
        endpoints[slot] = nil
        for key in [slot * 2, slot * 2 + 1] {
            for finding in pendingFindings.removeValue(forKey: key) ?? [] { unattached.add(finding) }
        }
    }

    mutating func reassemblyFinding(slot: Int, direction: Direction, _ finding: Finding) {
        pendingFindings[slot * 2 + direction.rawValue, default: []].append(finding)
    }

    func wantsData(slot: Int) -> Bool {
        // Reads the classification in place: binding the session would copy it whole, per packet.
        guard slot < sessions.count, let classification = sessions[slot]?.classification else { return false }
        if case .notCMP = classification { return false }
        return true
    }

    mutating func shouldResume(slot: Int, direction: Direction, payload: UnsafeRawBufferPointer) -> Bool {
        guard slot < sessions.count, TransportSession.looksLikeMessageStart(payload) else { return false }
        startSession(slot: slot)
        return true
    }

    /// Hands reassembly findings to the first envelope of their connection and direction.
    private mutating func queue(_ framed: [CMPEnvelope], slot: Int) {
        for var envelope in framed {
            let key = slot * 2 + (envelope.direction ?? .clientToServer).rawValue
            if let waiting = pendingFindings.removeValue(forKey: key) {
                envelope.findings = waiting + envelope.findings
            }
            ready.append(envelope)
        }
    }
}
