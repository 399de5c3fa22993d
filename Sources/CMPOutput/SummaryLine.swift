import CMPCore

/// The default output: one tshark-like line per CMP message (DESIGN.md), e.g.
/// `  7   0.083215 10.0.0.5:51522 → 10.0.0.1:8080 CMP/HTTP 1542 ip tid=3f2a9c01… accepted`.
public enum SummaryLine {
    public static func render(_ message: DissectedMessage, context: RenderContext) -> String {
        let envelope = message.envelope
        let frame = envelope.completingFrame
        var line = pad(frame.map { String($0.number) } ?? "-", width: 3)
        line += " " + pad(context.relativeTime(RenderContext.timestamp(of: envelope)) ?? "-", width: 10)
        line += " " + (envelope.source?.description ?? "-") + " → " + (envelope.destination?.description ?? "-")
        line += " " + protocolColumn(envelope.transport)
        line += " " + String(message.summary?.length ?? pduLength(envelope))
        line += " " + info(message)
        let shown = message.findings.filter { $0.severity >= context.summaryFindingThreshold }
        if !shown.isEmpty {
            line += " [" + shown.map { "\($0.severity): \($0.code)" }.joined(separator: "; ") + "]"
        }
        return line
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
    static func info(_ message: DissectedMessage) -> String {
        var parts = [String]()
        if let tcp = message.envelope.transport.tcpMessaging, message.summary == nil || !carriesMessage(tcp) {
            parts.append(tcpMessagingInfo(tcp))
        }
        if let summary = message.summary {
            parts.append(summary.body?.name ?? "?")
            if let tid = summary.transactionID {
                parts.append("tid=" + Hex.string(tid.prefix(4)) + (tid.count > 4 ? "…" : ""))
            }
            if let transaction = message.transaction { parts.append("tx=\(transaction.index)") }
            if !summary.statuses.isEmpty {
                var statuses = summary.statuses.map(\.name).joined(separator: ",")
                if !summary.failInfo.isEmpty {
                    statuses += "(" + summary.failInfo.map(\.name).joined(separator: ",") + ")"
                }
                parts.append(statuses)
            }
            if !summary.checkAfter.isEmpty {
                parts.append("checkAfter=" + summary.checkAfter.map(String.init).joined(separator: ","))
            }
        } else if let http = message.envelope.transport.http, message.envelope.transport.tcpMessaging == nil {
            // An HTTP message about CMP that carries no PKIMessage: an error answer, or a cut body.
            switch http.kind {
            case .request: parts.append("HTTP \(http.method ?? "?") \(http.uri ?? "?") (no PKIMessage)")
            case .response:
                parts.append(("HTTP \(http.status.map(String.init) ?? "?") " + (http.reason ?? "")).trimmingTrailingSpaces())
            }
        }
        return parts.joined(separator: " ")
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

    static func pad(_ text: String, width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
