import CMPCore

/// The default output: one tshark-like line per CMP message (DESIGN.md), e.g.
/// `  7   0.083215 10.0.0.5:51522 → 10.0.0.1:8080 CMP/HTTP 1542 ip tid=3f2a9c01… accepted`.
public enum SummaryLine {
    public static func render(_ message: DissectedMessage, context: RenderContext) -> String {
        var bytes = [UInt8]()
        append(message, context: context, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The line (without its newline) written as UTF-8 straight into the output buffer: built from
    /// strings it was a tenth of the in-order thread's time.
    public static func append(_ message: DissectedMessage, context: RenderContext, to bytes: inout [UInt8]) {
        let envelope = message.envelope
        let start = bytes.count
        if let frame = envelope.completingFrame {
            DecimalBytes.append(frame.number, to: &bytes)
        } else {
            bytes.append(UInt8(ascii: "-"))
        }
        padLeft(&bytes, from: start, width: 3)
        bytes.append(0x20)
        let timeStart = bytes.count
        if let timestamp = RenderContext.timestamp(of: envelope) {
            context.appendRelativeTime(timestamp, to: &bytes)
        } else {
            bytes.append(UInt8(ascii: "-"))
        }
        padLeft(&bytes, from: timeStart, width: 10)
        bytes.append(0x20)
        appendEndpoint(envelope.source, to: &bytes)
        bytes.append(contentsOf: " → ".utf8)
        appendEndpoint(envelope.destination, to: &bytes)
        bytes.append(0x20)
        bytes.append(contentsOf: protocolColumn(envelope.transport).utf8)
        bytes.append(0x20)
        DecimalBytes.append(message.summary?.length ?? pduLength(envelope), to: &bytes)
        bytes.append(0x20)
        appendInfo(message, to: &bytes)
        var first = true
        for finding in message.findings where finding.severity >= context.summaryFindingThreshold {
            bytes.append(contentsOf: first ? " [".utf8 : "; ".utf8)
            first = false
            bytes.append(contentsOf: finding.severity.description.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: finding.code.rawValue.utf8)
        }
        if !first { bytes.append(UInt8(ascii: "]")) }
    }

    /// Right-aligns what was written from `start` in `width` columns (every character written there is ASCII).
    private static func padLeft(_ bytes: inout [UInt8], from start: Int, width: Int) {
        let written = bytes.count - start
        guard written < width else { return }
        bytes.insert(contentsOf: repeatElement(0x20, count: width - written), at: start)
    }

    /// `Endpoint.description`, written as bytes.
    static func appendEndpoint(_ endpoint: Endpoint?, to bytes: inout [UInt8]) {
        guard let endpoint else {
            bytes.append(UInt8(ascii: "-"))
            return
        }
        let isIPv6 = endpoint.address.isIPv6
        if isIPv6 { bytes.append(UInt8(ascii: "[")) }
        endpoint.address.appendText(to: &bytes)
        if isIPv6 { bytes.append(UInt8(ascii: "]")) }
        bytes.append(UInt8(ascii: ":"))
        DecimalBytes.append(endpoint.port, to: &bytes)
    }

    static func protocolColumn(_ transport: TransportInfo) -> String {
        switch transport {
        case .http: "CMP/HTTP"
        case .tcpMessaging(let info, let http):
            (http == nil ? "CMP/TCP" : "CMP/HTTP") + (info.framing == .v10 ? "v10" : "")
        case .file: "CMP"
        }
    }

    static func pduLength(_ envelope: CMPEnvelope) -> Int {
        if let info = envelope.transport.tcpMessaging { return Int(info.length) + 4 }
        return 0
    }

    /// Body type, transaction id, statuses; for PDUs without a PKIMessage what the transport said.
    static func appendInfo(_ message: DissectedMessage, to bytes: inout [UInt8]) {
        let start = bytes.count
        func separate() { if bytes.count > start { bytes.append(0x20) } }
        if let tcp = message.envelope.transport.tcpMessaging, message.summary == nil || !carriesMessage(tcp) {
            bytes.append(contentsOf: tcpMessagingInfo(tcp).utf8)
        }
        if let summary = message.summary {
            separate()
            bytes.append(contentsOf: (summary.body?.name ?? "?").utf8)
            if let tid = summary.transactionID {
                bytes.append(contentsOf: " tid=".utf8)
                Hex.append(tid.prefix(4), to: &bytes)
                if tid.count > 4 { bytes.append(contentsOf: "…".utf8) }
            }
            if let transaction = message.transaction {
                bytes.append(contentsOf: " tx=".utf8)
                DecimalBytes.append(transaction.index, to: &bytes)
            }
            if !summary.statuses.isEmpty {
                bytes.append(0x20)
                for (index, status) in summary.statuses.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    bytes.append(contentsOf: status.name.utf8)
                }
                if !summary.failInfo.isEmpty {
                    bytes.append(UInt8(ascii: "("))
                    for (index, bit) in summary.failInfo.enumerated() {
                        if index > 0 { bytes.append(UInt8(ascii: ",")) }
                        bytes.append(contentsOf: bit.name.utf8)
                    }
                    bytes.append(UInt8(ascii: ")"))
                }
            }
            if !summary.checkAfter.isEmpty {
                bytes.append(contentsOf: " checkAfter=".utf8)
                for (index, value) in summary.checkAfter.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    DecimalBytes.append(value, to: &bytes)
                }
            }
        } else if let http = message.envelope.transport.http, message.envelope.transport.tcpMessaging == nil {
            // An HTTP message about CMP that carries no PKIMessage: an error answer, or a cut body.
            separate()
            switch http.kind {
            case .request: bytes.append(contentsOf: "HTTP \(http.method ?? "?") \(http.uri ?? "?") (no PKIMessage)".utf8)
            case .response:
                bytes.append(contentsOf: ("HTTP \(http.status.map(String.init) ?? "?") " + (http.reason ?? "")).trimmingTrailingSpaces().utf8)
            }
        }
    }

    static func carriesMessage(_ info: TCPMessagingInfo) -> Bool {
        switch info.framing {
        case .rfc2510: [0, 4, 5].contains(info.type)
        case .v10: [0, 5].contains(info.type)
        }
    }

    static func tcpMessagingInfo(_ info: TCPMessagingInfo) -> String {
        var text = info.typeName ?? "type \(info.type)"
        if let reference = info.pollingReference { text += " ref=\(reference)" }
        if let time = info.timeToCheckBack {
            text += " checkBack=" + Timestamp(seconds: Int64(time), nanoseconds: 0).iso8601
        }
        if let code = info.errorCode { text += " errorCode=\(code)" }
        if let errorText = info.errorText { text += " \"\(printable(errorText))\"" }
        return text
    }

    /// Text from the wire on one summary line: control characters (a peer's newline) escaped.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                    result += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
