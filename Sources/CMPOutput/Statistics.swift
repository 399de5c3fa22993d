import CMPCore

/// `-z cmp,stat` and `-z expert`: counts gathered message by message, printed at the end of the
/// run (also after Ctrl-C on a live capture). Tables are sorted by count, then name, so output is
/// deterministic.
public struct Statistics: Sendable {
    public private(set) var messages = 0
    public private(set) var bodies: [String: Int] = [:]
    public private(set) var statuses: [String: Int] = [:]
    public private(set) var transports: [String: Int] = [:]
    /// Findings by severity and code.
    public private(set) var findings: [Severity: [FindingCode: Int]] = [:]

    public init() {}

    public mutating func add(_ message: DissectedMessage) {
        messages += 1
        bodies[message.summary?.body?.name ?? "(no PKIMessage)", default: 0] += 1
        for status in message.summary?.statuses ?? [] { statuses[status.name, default: 0] += 1 }
        transports[Self.transportName(message.envelope.transport), default: 0] += 1
        for finding in message.findings { findings[finding.severity, default: [:]][finding.code, default: 0] += 1 }
    }

    /// Findings no message carried (flow-table evictions, trailing gaps): `-z expert` counts them
    /// too, since a capture that overflowed the flow table must not read clean.
    public mutating func addUnattached(_ code: FindingCode, severity: Severity, count: Int) {
        findings[severity, default: [:]][code, default: 0] += count
    }

    /// `http`, `tcpmsg` (`tcpmsg/v10`), `http+tcpmsg` (a TCP-Messaging PDU in an HTTP body), `file`.
    static func transportName(_ transport: TransportInfo) -> String {
        switch transport {
        case .http: "http"
        case .tcpMessaging(let info, let http):
            (http == nil ? "tcpmsg" : "http+tcpmsg") + (info.framing == .v10 ? "/v10" : "")
        case .file: "file"
        }
    }

    static let rule = String(repeating: "=", count: 64)

    /// `-z cmp,stat`.
    public func cmpStatTable() -> String {
        var text = Self.rule + "\nCMP Statistics: \(messages) message" + (messages == 1 ? "" : "s") + "\n"
        for (title, counts) in [("Body type", bodies), ("Status", statuses), ("Transport", transports)] {
            text += "\n" + Self.row(title, "Count")
            for (name, count) in Self.sorted(counts) { text += Self.row(" " + name, String(count)) }
            if counts.isEmpty { text += " (none)\n" }
        }
        return text + Self.rule + "\n"
    }

    /// `-z expert`: like tshark's, one section per severity from errors down, then each code with
    /// its count and the catalogue's summary.
    public func expertTable() -> String {
        var text = ""
        for severity in Severity.allCases.reversed() {
            let codes = findings[severity] ?? [:]
            let total = codes.values.reduce(0, +)
            let title = severity.description.prefix(1).uppercased() + severity.description.dropFirst() + "s"
            text += "\n\(title) (\(total))\n" + String(repeating: "=", count: 13) + "\n"
            guard !codes.isEmpty else { continue }
            text += "   Frequency  Code" + "\n"
            for (code, count) in codes.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                let number = String(count)
                let summary = FindingCatalogue.entry(for: code)?.summary
                text += String(repeating: " ", count: max(0, 12 - number.count)) + number + "  " + code.rawValue
                    + (summary.map { "  " + $0 } ?? "") + "\n"
            }
        }
        return text
    }

    static func sorted(_ counts: [String: Int]) -> [(String, Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func row(_ name: String, _ count: String) -> String {
        let width = 40
        return name + String(repeating: " ", count: max(1, width - name.count - count.count)) + count + "\n"
    }
}
