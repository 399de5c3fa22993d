import CMPCore

/// Colour for summary lines on a terminal (`--color`, `NO_COLOR`): the line in the colour of its
/// body's role (requests cyan, positive responses green, `error` bodies and rejections red,
/// waiting yellow), and the findings bracket in the colour of its worst severity.
public struct ColorScheme: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    static let reset = "\u{1B}[0m"
    static let red = "\u{1B}[31m", green = "\u{1B}[32m", yellow = "\u{1B}[33m", blue = "\u{1B}[34m"
    static let cyan = "\u{1B}[36m", boldRed = "\u{1B}[1;31m"

    /// `--color auto`: on when standard output is a terminal, `NO_COLOR` is unset or empty
    /// (no-color.org) and `TERM` is not `dumb`.
    public static func automatic(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// Colours `line`, the summary line of `message` (its findings bracket, when there is one, is its end).
    public func summary(_ line: String, message: DissectedMessage, context: RenderContext) -> String {
        guard enabled else { return line }
        let shown = message.findings.filter { $0.severity >= context.summaryFindingThreshold }
        var body = line[...]
        var bracket = ""[...]
        if !shown.isEmpty, let start = line.ranges(of: " [").last {
            body = line[..<start.lowerBound]
            bracket = line[start.lowerBound...]
        }
        var text = Self.bodyColor(message) + body + Self.reset
        if let worst = shown.map(\.severity).max() {
            text += Self.severityColor(worst) + bracket + Self.reset
        }
        return text
    }

    static func bodyColor(_ message: DissectedMessage) -> String {
        guard let summary = message.summary, let body = summary.body else { return yellow }
        if body == .error || summary.statuses.contains(.rejection) { return red }
        if summary.statuses.contains(.waiting) { return yellow }
        return body.isResponse ? green : cyan
    }

    static func severityColor(_ severity: Severity) -> String {
        switch severity {
        case .error: boldRed
        case .warning: yellow
        case .note: blue
        case .chat: ""
        }
    }
}
