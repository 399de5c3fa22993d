import CMPCore

/// Findings that no message could carry (a connection evicted from a full flow table, a gap at the
/// end of a connection that had no further PDU): counted by code, with the first few kept whole, so
/// a hostile capture cannot grow this without bound and the end of a run can still report them.
public struct UnattachedFindings: Sendable {
    /// How many of each code were seen.
    public private(set) var counts: [FindingCode: Int] = [:]
    /// The first findings, in order (at most `keep`).
    public private(set) var first: [Finding] = []
    static let keep = 32

    public init() {}

    public var isEmpty: Bool { counts.isEmpty }

    mutating func add(_ finding: Finding) {
        counts[finding.code, default: 0] += 1
        if first.count < Self.keep { first.append(finding) }
    }

    /// One line per code, most severe first, e.g. `warning: tcp.limit ×934464 (connection evicted: …)`.
    public var lines: [String] {
        counts.keys.sorted { lhs, rhs in
            let left = FindingCatalogue.entry(for: lhs)?.severity ?? .note
            let right = FindingCatalogue.entry(for: rhs)?.severity ?? .note
            return left != right ? left > right : lhs < rhs
        }.map { code in
            let example = first.first { $0.code == code }
            let severity = example?.severity ?? FindingCatalogue.entry(for: code)?.severity ?? .note
            return "\(severity): \(code) ×\(counts[code] ?? 0)" + (example.map { " (\($0.message))" } ?? "")
        }
    }
}
