import CMPCore

/// Decodes the facts of one PKIMessage that summary lines and JSON report (`CMPMessageSummary`),
/// without building the annotated tree.
///
/// Never throws or traps, whatever the bytes: damage stops the walk with `summary.error` (field path,
/// byte range relative to the input, reason) plus an `asn1.malformed` finding, and the summary keeps
/// every fact that preceded it. BER that DER forbids (indefinite or non-minimal lengths) is read
/// as far as the summary needs; naming it precisely is the annotated tree's job. Work and memory are
/// bounded by the bytes present: a claimed 4 GiB length costs nothing, extraCerts are skipped by
/// length, nesting is bounded by `Limits.maxASN1Depth`.
public struct CMPSummaryDecoder: Sendable {
    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    public func decode(_ der: [UInt8]) -> (summary: CMPMessageSummary, findings: [Finding]) {
        var walk = SummaryWalk(bytes: der, limits: limits)
        walk.run()
        return (walk.summary, walk.findings)
    }
}
