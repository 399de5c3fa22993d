import CMPCore

/// Writes a deterministic, seeded capture of realistic mixed traffic: concurrent CMP transactions
/// over HTTP/1.0 and 1.1 (ports 80, 8080 and an unusual one) and over TCP-Messaging (RFC 2510 and
/// draft version-10 framing, port 829 and an unusual one), built from the real OpenSSL messages of
/// `Fixtures/messages` with fresh transactionIDs and chained nonces, amid web pages, TLS, SSH, DNS
/// and QUIC-like UDP; MSS-sized segments with some reordered, retransmitted and overlapping ones;
/// IPv4 and some IPv6 and VLAN. The capture streams to the writer, so its size costs no memory.
/// Returns the ground truth: every CMP message and the frame that completes it.
public struct MixedTrafficGenerator {
    public let configuration: MixedTrafficConfiguration
    private let templates: [String: CMPMessageTemplate]
    private var rng: SeededGenerator
    private var encoder = FrameEncoder()
    private var clock = Timestamp(seconds: 1_764_000_000, nanoseconds: 0)
    private var flowCounter: UInt32 = 0
    private var ipID: UInt16 = 1
    private var plannedCMPBytes = 0
    private var plannedOtherBytes = 0
    /// Payload sources sliced at random offsets: random bytes (encrypted or compressed content)
    /// and HTML text; twice the largest slice so any offset fits.
    private let randomPool: [UInt8]
    private let htmlPool: [UInt8]
    private static let poolSize = 1 << 19

    public init(configuration: MixedTrafficConfiguration, messageDirectory: String) throws(MixedTrafficGeneratorError) {
        var loaded = [String: CMPMessageTemplate]()
        for name in CMPTransactionKind.templateNames {
            guard let template = CMPMessageTemplate.load(name, directory: messageDirectory) else {
                throw MixedTrafficGeneratorError(missing: messageDirectory + "/" + name + ".der")
            }
            loaded[name] = template
        }
        self.configuration = configuration
        templates = loaded
        rng = SeededGenerator(seed: configuration.seed)
        randomPool = rng.bytes(Self.poolSize)
        var html = [UInt8]()
        var item = 0
        while html.count < Self.poolSize {
            html += Array("<div class=\"item\"><a href=\"/catalogue/item-\(item).html\">Item \(item)</a> <span>\(item * 37 % 1000) in stock, ships in \(item % 9 + 1) days</span></div>\n".utf8)
            item += 1
        }
        htmlPool = html
    }

    /// Generates the capture into `writer`, calling `onMessage` for each CMP message in frame order.
    public mutating func run(writer: inout PcapStreamWriter,
                             onMessage: (GroundTruth.Message) -> Void = { _ in }) -> GroundTruth {
        var truth = GroundTruth()
        truth.tcpMessagingPorts = [829, configuration.unusualTCPMessagingPort]
        truth.httpPorts = [80, 8080, configuration.unusualHTTPPort]
        var active = [GeneratedFlow]()
        while true {
            while active.count < max(1, configuration.concurrency) && writer.bytesWritten < configuration.targetBytes {
                let flow = newFlow()
                if flow.cmpTransport != nil { truth.cmpConnections += 1 + flow.continuation.count } else { truth.otherFlows += 1 }
                active.append(flow)
            }
            if active.isEmpty { break }
            let index = rng.int(in: 0...(active.count - 1))
            let packet = active[index].packets[active[index].nextPacket]
            active[index].nextPacket += 1
            let payload = packet.fromClient ? active[index].clientStream[packet.start..<packet.end]
                                            : active[index].serverStream[packet.start..<packet.end]
            if packet.isUDP {
                encoder.udp(active[index].addressing, fromClient: packet.fromClient, payload: payload, ipID: ipID)
            } else {
                encoder.tcp(active[index].addressing, fromClient: packet.fromClient, seq: packet.seq, ack: packet.ack,
                            flags: packet.flags, payload: payload, ipID: ipID)
            }
            ipID &+= 1
            writer.write(timestamp: clock, frame: encoder.frame)
            let step = Int64(rng.int(in: 2_000...120_000))
            let total = clock.totalNanoseconds + step
            clock = Timestamp(seconds: total / 1_000_000_000, nanoseconds: Int32(total % 1_000_000_000))
            if let transport = active[index].cmpTransport {
                truth.cmpFrameBytes += encoder.frame.count
                for body in active[index].delivered(packet) {
                    let message = GroundTruth.Message(frame: writer.framesWritten, body: body, transport: transport)
                    truth.count(message)
                    onMessage(message)
                }
            } else {
                truth.otherFrameBytes += encoder.frame.count
            }
            if active[index].isFinished {
                if active[index].continuation.isEmpty {
                    active.swapAt(index, active.count - 1)
                    active.removeLast()
                } else {
                    var rest = active[index].continuation
                    var next = rest.removeFirst()
                    next.continuation = rest
                    active[index] = next
                }
            }
        }
        truth.frames = writer.framesWritten
        truth.fileBytes = writer.bytesWritten
        return truth
    }

    // MARK: choosing flows

    private mutating func newFlow() -> GeneratedFlow {
        let total = plannedCMPBytes + plannedOtherBytes
        let wantOther = Double(plannedOtherBytes) < configuration.nonCMPShare * Double(total)
            || (total == 0 && configuration.nonCMPShare >= 0.5)
        let flow: GeneratedFlow
        if wantOther && configuration.nonCMPShare > 0 {
            switch rng.weighted([45, 30, 10, 10, 5]) {
            case 0: flow = webFlow()
            case 1: flow = tlsFlow()
            case 2: flow = sshFlow()
            case 3: flow = dnsFlow()
            default: flow = quicFlow()
            }
            plannedOtherBytes += Self.plannedBytes(flow)
        } else {
            flow = cmpFlow()
            plannedCMPBytes += Self.plannedBytes(flow)
        }
        return flow
    }

    private static func plannedBytes(_ flow: GeneratedFlow) -> Int {
        let own = flow.clientStream.count + flow.serverStream.count + 58 * flow.packets.count
        return own + flow.continuation.reduce(0) { $0 + plannedBytes($1) }
    }

    private mutating func addressing(server: Endpoint, client: IPAddress? = nil) -> FlowAddressing {
        let port = UInt16(rng.int(in: 32768...60999))
        let clientAddress = client ?? clientAddress(v6: server.address.isIPv6)
        let vlan: UInt16? = rng.chance(configuration.vlanShare) ? UInt16(rng.int(in: 2...4000)) : nil
        return FlowAddressing(client: Endpoint(address: clientAddress, port: port), server: server, vlanID: vlan)
    }

    /// A client address unique to this flow (an odd multiplier is a bijection modulo 2^24).
    private mutating func clientAddress(v6: Bool) -> IPAddress {
        flowCounter &+= 1
        let n = (flowCounter &* 0x9E37_79B1) & 0x00FF_FFFF
        return v6 ? .v6(0xFD00_0000_0000_0002, UInt64(n) | 0x1_0000_0000) : .v4(0x0A00_0000 | n)
    }

    private mutating func serverAddress(v6: Bool, base: UInt32, count: Int) -> IPAddress {
        let host = UInt32(rng.int(in: 1...count))
        return v6 ? .v6(0x2001_0DB8_0000_0000 | UInt64(base & 0xFFFF), UInt64(host)) : .v4(base &+ host)
    }

    private mutating func mss(v6: Bool) -> Int {
        [1460, 1460, 1460, 1448, 536][rng.weighted([4, 3, 2, 1, 1])] - (v6 ? 20 : 0)
    }

    private mutating func randomSlice(_ count: Int) -> ArraySlice<UInt8> {
        let length = min(count, Self.poolSize)
        let start = rng.int(in: 0...(Self.poolSize - length))
        return randomPool[start..<(start + length)]
    }

    private mutating func htmlSlice(_ count: Int) -> ArraySlice<UInt8> {
        let length = min(count, htmlPool.count)
        let start = rng.int(in: 0...(htmlPool.count - length))
        return htmlPool[start..<(start + length)]
    }

    // MARK: CMP

    private mutating func cmpFlow() -> GeneratedFlow {
        let kind = CMPTransactionKind.all[rng.weighted(CMPTransactionKind.all.map(\.weight))]
        let transactionID = rng.bytes(16)
        var previousNonce: [UInt8]?
        var messages = [(der: [UInt8], body: String)]()
        for name in kind.messages {
            guard let template = templates[name] else { continue }
            let made = template.instantiate(transactionID: transactionID, recipNonce: previousNonce, using: &rng)
            previousNonce = made.senderNonce
            messages.append((made.der, template.body.name))
        }
        let v6 = rng.chance(configuration.ipv6Share)
        let serverIP = serverAddress(v6: v6, base: 0xC000_0200, count: 6)  // 192.0.2.x: the CAs
        if rng.chance(0.6) {
            let port = [80, 8080, configuration.unusualHTTPPort][rng.weighted([4, 4, 2])]
            return httpCMPFlow(messages, server: Endpoint(address: serverIP, port: port))
        }
        let port = rng.chance(0.7) ? 829 : configuration.unusualTCPMessagingPort
        return tcpMessagingFlow(messages, server: Endpoint(address: serverIP, port: port))
    }

    private mutating func httpCMPFlow(_ messages: [(der: [UInt8], body: String)], server: Endpoint) -> GeneratedFlow {
        let http11 = rng.chance(0.7)
        let version = http11 ? "HTTP/1.1" : "HTTP/1.0"
        let path = ["/pkix/", "/.well-known/cmp", "/ejbca/publicweb/cmp/ra", "/cmp/p/est-ca"][rng.weighted([4, 3, 2, 1])]
        let host = server.port == 80 ? "ca.example.com" : "ca.example.com:\(server.port)"
        let first = addressing(server: server)
        var flows = [GeneratedFlow]()
        var planner: FlowPlanner?
        var pair = 0
        while pair * 2 < messages.count {
            if planner == nil {
                let address = flows.isEmpty ? first : addressing(server: server, client: first.client.address)
                planner = FlowPlanner(flow: GeneratedFlow(addressing: address, cmpTransport: "http"),
                                      mss: mss(v6: server.address.isIPv6), anomalies: configuration.anomalies, rng: &rng)
                planner?.handshake()
            }
            let request = messages[pair * 2]
            let head = "POST \(path) \(version)\r\nHost: \(host)\r\nUser-Agent: OpenSSL/3.0\r\nAccept: */*\r\n"
                + "Content-Type: application/pkixcmp\r\n" + (http11 ? "" : "Connection: close\r\n")
                + "Content-Length: \(request.der.count)\r\n\r\n"
            send(&planner, fromClient: true, head: Array(head.utf8), body: request.der, name: request.body)
            if pair * 2 + 1 < messages.count {
                let response = messages[pair * 2 + 1]
                let head = "\(version) 200 OK\r\nServer: cmp-server\r\nContent-Type: application/pkixcmp\r\n"
                    + (http11 ? "" : "Connection: close\r\n") + "Content-Length: \(response.der.count)\r\n\r\n"
                send(&planner, fromClient: false, head: Array(head.utf8), body: response.der, name: response.body)
            }
            if !http11 {
                planner?.close(clientFirst: false)
                if let done = planner?.flow { flows.append(done) }
                planner = nil
            } else {
                planner?.pureAck(fromClient: true)
            }
            pair += 1
        }
        if let open = planner {
            var last = open
            last.close(clientFirst: true)
            flows.append(last.flow)
        }
        var head = flows.removeFirst()
        head.continuation = flows
        return head
    }

    /// The head and body as one write, or as two (two segments), as HTTP libraries do either way.
    private mutating func send(_ planner: inout FlowPlanner?, fromClient: Bool, head: [UInt8], body: [UInt8], name: String) {
        if rng.chance(0.5) {
            planner?.send(fromClient: fromClient, writes: [head[...], body[...]], bodies: [nil, name], rng: &rng)
        } else {
            planner?.send(fromClient: fromClient, writes: [(head + body)[...]], bodies: [name], rng: &rng)
        }
    }

    private mutating func tcpMessagingFlow(_ messages: [(der: [UInt8], body: String)], server: Endpoint) -> GeneratedFlow {
        let v10 = rng.chance(0.5)
        var planner = FlowPlanner(flow: GeneratedFlow(addressing: addressing(server: server), cmpTransport: "tcpmsg"),
                                  mss: mss(v6: server.address.isIPv6), anomalies: configuration.anomalies, rng: &rng)
        planner.handshake()
        for (index, message) in messages.enumerated() {
            let fromClient = index % 2 == 0
            // pkiMsg/pkiReq (0) from the client, finalMsgRep/pkiRep (5) from the server; the
            // length counts every byte after itself. v10 closes with the last pair.
            let closing = v10 && index >= messages.count - 2
            var header = ByteWriter()
            header.u32(UInt32(message.der.count + (v10 ? 3 : 1)))
            if v10 { header.u8(10); header.u8(closing ? 1 : 0) }
            header.u8(fromClient ? 0 : 5)
            let writes: [ArraySlice<UInt8>] = rng.chance(0.3) ? [header.bytes[...], message.der[...]]
                                                              : [(header.bytes + message.der)[...]]
            planner.send(fromClient: fromClient, writes: writes,
                         bodies: writes.count == 2 ? [nil, message.body] : [message.body], rng: &rng)
        }
        planner.pureAck(fromClient: true)
        planner.close(clientFirst: true)
        return planner.flow
    }

    // MARK: the rest of the traffic

    private mutating func otherPlanner(port: UInt16, serverBase: UInt32) -> FlowPlanner {
        let v6 = rng.chance(configuration.ipv6Share)
        let server = Endpoint(address: serverAddress(v6: v6, base: serverBase, count: 40), port: port)
        return FlowPlanner(flow: GeneratedFlow(addressing: addressing(server: server), cmpTransport: nil),
                           mss: mss(v6: v6), anomalies: configuration.anomalies, rng: &rng)
    }

    /// A response body size: mostly small pages, a long tail of large ones (mean about 34 kB).
    private mutating func contentSize() -> Int {
        switch rng.weighted([30, 35, 25, 10]) {
        case 0: rng.int(in: 500...4000)
        case 1: rng.int(in: 4000...20000)
        case 2: rng.int(in: 20000...80000)
        default: rng.int(in: 80000...250_000)
        }
    }

    private mutating func webFlow() -> GeneratedFlow {
        let port: UInt16 = rng.chance(0.6) ? 80 : 8080
        var planner = otherPlanner(port: port, serverBase: 0xC633_6400)  // 198.51.100.x
        planner.handshake()
        for _ in 0..<rng.int(in: 1...4) {
            let page = rng.int(in: 1...99999)
            let request = "GET /catalogue/page-\(page).html HTTP/1.1\r\nHost: shop.example.org\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
                + "Accept: text/html,application/xhtml+xml\r\nAccept-Language: en-GB,en;q=0.7\r\n\r\n"
            planner.send(fromClient: true, writes: [Array(request.utf8)[...]], rng: &rng)
            let size = contentSize()
            let image = rng.chance(0.3)
            let head = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: \(image ? "image/jpeg" : "text/html; charset=utf-8")\r\n"
                + "Content-Length: \(size)\r\n\r\n"
            let body = image ? randomSlice(size) : htmlSlice(size)
            planner.send(fromClient: false, writes: [Array(head.utf8)[...], body], rng: &rng)
            planner.pureAck(fromClient: true)
        }
        planner.close(clientFirst: true)
        return planner.flow
    }

    /// TLS records (RFC 8446 §5.1): handshake, then application data, contents random.
    private mutating func tlsFlow() -> GeneratedFlow {
        var planner = otherPlanner(port: 443, serverBase: 0xCB00_7100)  // 203.0.113.x
        planner.handshake()
        planner.send(fromClient: true, writes: [tlsRecord(0x16, 512)], rng: &rng)
        planner.send(fromClient: false, writes: [tlsRecord(0x16, rng.int(in: 2500...5000))], rng: &rng)
        planner.send(fromClient: true, writes: [tlsRecord(0x14, 1) + tlsRecord(0x17, 60)], rng: &rng)
        for _ in 0..<rng.int(in: 1...5) {
            planner.send(fromClient: true, writes: [tlsRecord(0x17, rng.int(in: 100...900))], rng: &rng)
            var remaining = contentSize()
            var records = [ArraySlice<UInt8>]()
            while remaining > 0 {
                let size = min(remaining, 16384)
                records.append(tlsRecord(0x17, size))
                remaining -= size
            }
            planner.send(fromClient: false, writes: records, rng: &rng)
            planner.pureAck(fromClient: true)
        }
        planner.close(clientFirst: rng.chance(0.5))
        return planner.flow
    }

    private mutating func tlsRecord(_ type: UInt8, _ length: Int) -> ArraySlice<UInt8> {
        [type, 0x03, 0x03, UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + randomSlice(length)
    }

    private mutating func sshFlow() -> GeneratedFlow {
        var planner = otherPlanner(port: 22, serverBase: 0xCB00_7100)
        planner.handshake()
        planner.send(fromClient: false, writes: [Array("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".utf8)[...]], rng: &rng)
        planner.send(fromClient: true, writes: [Array("SSH-2.0-OpenSSH_9.6\r\n".utf8)[...]], rng: &rng)
        for _ in 0..<rng.int(in: 2...30) {
            planner.send(fromClient: true, writes: [randomSlice(rng.int(in: 36...200))], rng: &rng)
            planner.send(fromClient: false, writes: [randomSlice(rng.int(in: 36...6000))], rng: &rng)
        }
        planner.close(clientFirst: true)
        return planner.flow
    }

    private mutating func udpPlanner(port: UInt16) -> FlowPlanner {
        let v6 = rng.chance(configuration.ipv6Share)
        let server = Endpoint(address: serverAddress(v6: v6, base: 0xC633_6400, count: 4), port: port)
        return FlowPlanner(flow: GeneratedFlow(addressing: addressing(server: server), cmpTransport: nil),
                           mss: 1200, anomalies: configuration.anomalies, rng: &rng)
    }

    private mutating func dnsFlow() -> GeneratedFlow {
        var planner = udpPlanner(port: 53)
        for _ in 0..<rng.int(in: 1...3) {
            planner.datagram(fromClient: true, randomSlice(rng.int(in: 30...80)))
            planner.datagram(fromClient: false, randomSlice(rng.int(in: 60...400)))
        }
        return planner.flow
    }

    private mutating func quicFlow() -> GeneratedFlow {
        var planner = udpPlanner(port: 443)
        planner.datagram(fromClient: true, randomSlice(1250))
        for _ in 0..<rng.int(in: 5...150) {
            planner.datagram(fromClient: rng.chance(0.2), randomSlice(rng.int(in: 40...1350)))
        }
        return planner.flow
    }
}

public struct MixedTrafficGeneratorError: Error, CustomStringConvertible {
    public var missing: String
    public var description: String { "missing or unreadable fixture message \(missing)" }
}
