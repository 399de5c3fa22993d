import CMPCore

/// What every envelope of one connection shares: its number and endpoints. `physical` is the
/// reassembler's direction (which endpoint sent the bytes); `labelled` is the direction the content
/// shows (an HTTP request goes client → server even when the SYN was missed and the guess was wrong).
struct EnvelopeContext {
    let connectionIndex: Int
    let client: Endpoint
    let server: Endpoint

    func envelope(_ transport: TransportInfo, physical: Direction, labelled: Direction? = nil, frames: [FrameRef],
                  streamOffset: UInt64, pkiMessage: [UInt8]?, findings: [Finding], header: [UInt8]? = nil) -> CMPEnvelope {
        let fromClient = physical == .clientToServer
        return CMPEnvelope(transport: transport, source: fromClient ? client : server,
                           destination: fromClient ? server : client, direction: labelled ?? physical,
                           frames: frames, streamOffset: streamOffset, pkiMessage: pkiMessage,
                           findings: findings, connectionIndex: connectionIndex, transportHeader: header)
    }
}
