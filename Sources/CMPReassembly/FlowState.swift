import CMPCore

/// A tracked TCP connection: its endpoints and what the reassembler needs to manage the table (its
/// two directions are `TCPReassembler.halves`).
struct FlowState {
    var key: FlowKey
    var client: Endpoint
    var server: Endpoint
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
}
