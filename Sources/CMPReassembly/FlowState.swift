import CMPCore

/// A tracked TCP connection: its two directions and what the reassembler needs to manage the table.
struct FlowState {
    var key: FlowKey
    var client: Endpoint
    var server: Endpoint
    var clientToServer = HalfStream()
    var serverToClient = HalfStream()
    var lastSeen: Timestamp
    /// The client's SYN sequence number, to tell a retransmitted SYN from a reused 4-tuple.
    var clientISN: UInt32?
    /// The consumer said the connection carries no CMP: follow the sequence space only.
    var ignoring = false
    var active = true

    init(key: FlowKey, client: Endpoint, server: Endpoint, lastSeen: Timestamp) {
        self.key = key
        self.client = client
        self.server = server
        self.lastSeen = lastSeen
    }

    func direction(from source: Endpoint) -> Direction {
        source == client ? .clientToServer : .serverToClient
    }

    /// Borrowed, not copied, when read (`flows[slot][direction].ended` must not copy a whole
    /// HalfStream with its buffers: that copy was a tenth of the reassembler's time).
    subscript(direction: Direction) -> HalfStream {
        _read {
            if direction == .clientToServer { yield clientToServer } else { yield serverToClient }
        }
        _modify {
            if direction == .clientToServer { yield &clientToServer } else { yield &serverToClient }
        }
    }

    var bothEnded: Bool { clientToServer.ended && serverToClient.ended }

    /// Bytes this flow holds in buffers and early segments (what counts against the total limit).
    var bufferedBytes: Int {
        clientToServer.buffer.readableBytes + clientToServer.pendingBytes
            + serverToClient.buffer.readableBytes + serverToClient.pendingBytes
    }
}
