import CMPCore

/// `-z cmp,tx`: one row per transaction — kind, transactionID, frames, each request/answer step
/// with its latency, outcome, confirmation path, polling rounds, total duration — then the
/// findings that only the end of the capture reveals (`TransactionRules`).
///
/// Fed with every emitted message (`add`), so it keeps one small row per transaction, never the messages.
public struct TransactionTable: Sendable {
    public struct Row: Sendable {
        public var transaction: TransactionRef
        public var frames: [Int] = []
        public var bodies: [String] = []
        /// Capture times of the messages (nil for messages read from files).
        public var times: [Timestamp?] = []

        /// Each request with its answer and the time between them, e.g. `ir→ip 4.758ms`.
        public var steps: [String] {
            var steps = [String]()
            var index = 0
            while index < bodies.count {
                let body = bodies[index]
                if index + 1 < bodies.count, Self.isAnswer(bodies[index + 1], to: body) {
                    steps.append("\(body)→\(bodies[index + 1])" + Self.latency(times[index], times[index + 1]))
                    index += 2
                } else {
                    steps.append(body)
                    index += 1
                }
            }
            return steps
        }

        /// The outcome, with the delayed-delivery path when the transaction polled: `waiting→polled→accepted`.
        public var outcomePath: String {
            let outcome = transaction.outcome.rawValue
            guard transaction.pollingRounds > 0 || bodies.contains("pollRep") else { return outcome }
            return transaction.outcome == .waiting ? "waiting→polled" : "waiting→polled→\(outcome)"
        }

        public var duration: String {
            guard let first = times.first ?? nil, let last = times.last ?? nil else { return "-" }
            return Self.milliseconds(last.nanoseconds(since: first))
        }

        static func isAnswer(_ answer: String, to request: String) -> Bool {
            if answer.hasPrefix("HTTP ") { return PKIBodyType(name: request) != nil }
            guard let request = PKIBodyType(name: request), let answer = PKIBodyType(name: answer) else { return false }
            return answer == .error || TransactionTracker.answers(to: request, first: nil).contains(answer)
                || (request == .pollReq && answer.isResponse)
        }

        static func latency(_ start: Timestamp?, _ end: Timestamp?) -> String {
            guard let start, let end else { return "" }
            return " " + milliseconds(end.nanoseconds(since: start))
        }

        static func milliseconds(_ nanoseconds: Int64) -> String {
            let micros = nanoseconds / 1000
            let sign = micros < 0 ? "-" : ""
            let magnitude = micros < 0 ? -micros : micros
            let fraction = String(magnitude % 1000)
            return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)ms"
        }
    }

    public private(set) var rows: [Row] = []
    private var rowByIndex: [Int: Int] = [:]

    public init() {}

    /// A new input starts: its transaction indices count from 1 again, so they get rows of their own.
    public mutating func beginInput() {
        rowByIndex.removeAll()
    }

    public mutating func add(_ message: DissectedMessage) {
        guard let transaction = message.transaction else { return }
        let position: Int
        if let known = rowByIndex[transaction.index] {
            position = known
        } else {
            position = rows.count
            rowByIndex[transaction.index] = position
            rows.append(Row(transaction: transaction))
        }
        rows[position].transaction = transaction
        rows[position].frames.append(message.envelope.completingFrame?.number ?? message.index)
        rows[position].bodies.append(message.summary?.body?.name ?? message.envelope.transport.http?.status.map { "HTTP \($0)" } ?? "?")
        if case .file = message.envelope.transport {
            rows[position].times.append(nil)
        } else {
            rows[position].times.append(message.envelope.completingFrame?.timestamp)
        }
    }

    /// Findings of transactions that ended unanswered or unconfirmed, in transaction order.
    public var closingFindings: [Finding] { rows.flatMap { TransactionRules.closingFindings(for: $0.transaction) } }

    public static func render(_ messages: [DissectedMessage]) -> String {
        var table = TransactionTable()
        for message in messages { table.add(message) }
        return table.render()
    }

    public func render() -> String {
        let header = ["#", "kind", "transactionID", "frames", "steps", "outcome", "confirmation", "polls", "duration"]
        var lines = [header]
        for row in rows {
            let tid = row.transaction.transactionID.map { Hex.string($0.prefix(4)) + ($0.count > 4 ? "…" : "") } ?? "-"
            let frames = row.frames.count == 1 ? "\(row.frames[0])" : "\(row.frames.first ?? 0)-\(row.frames.last ?? 0)"
            lines.append([String(row.transaction.index), row.transaction.kind, tid, frames, row.steps.joined(separator: ", "),
                          row.outcomePath, row.transaction.confirmation ?? "-",
                          String(row.transaction.pollingRounds), row.duration])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for line in lines { for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) } }
        var text = "CMP transactions: \(rows.count)\n"
        for line in lines {
            var cells = [String]()
            for (column, cell) in line.enumerated() {
                let last = column == line.count - 1
                cells.append(last ? cell : cell + String(repeating: " ", count: widths[column] - cell.count))
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        let closing = closingFindings
        if !closing.isEmpty {
            text += "\n"
            for finding in closing { text += "[\(finding.severity): \(finding.code)] \(finding.message)\n" }
        }
        return text
    }
}
