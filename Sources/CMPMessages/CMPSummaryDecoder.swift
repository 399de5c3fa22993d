import CMPCore
import SwiftASN1

/// Decodes the facts of one PKIMessage that summary lines and JSON report (`CMPMessageSummary`),
/// without building the annotated tree.
///
/// A message that is DER is decoded with swift-asn1 into the typed model (`PKIMessage`) and the
/// facts are taken from it. Anything else (BER, damage, an integer beyond 64 bits) goes to the
/// tolerant walk, which never throws or traps: damage stops it with `summary.error` (field path, byte
/// range relative to the input, reason) plus an `asn1.malformed` finding, and the summary keeps every
/// fact that preceded it. BER that DER forbids (indefinite or non-minimal lengths) is read as far as
/// the summary needs; naming it precisely is the annotated tree's job. Work and memory are bounded by
/// the bytes present: a claimed 4 GiB length costs nothing, extraCerts are skipped by length, nesting
/// is bounded by `Limits.maxASN1Depth` (and swift-asn1's own depth limit).
public struct CMPSummaryDecoder: Sendable {
    public var limits: Limits
    /// The sender and recipient texts seen lately: a capture repeats a few names in every message.
    let names = NameTextCache()
    /// The algorithm and info-type OIDs' texts seen lately.
    let oids = OIDTextCache()

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    public func decode(_ der: [UInt8]) -> (summary: CMPMessageSummary, findings: [Finding]) {
        let decoded = decodeKeepingParse(der)
        return (decoded.summary, decoded.findings)
    }

    /// The summary and its findings, plus swift-asn1's parse of the PKIMessage when it is DER, so the
    /// analyzer reads its facts from the same nodes instead of parsing the message a second time.
    public func decodeKeepingParse(_ der: [UInt8]) -> DecodedSummary {
        guard let parsed = parse(der) else {
            let tolerant = decodeTolerant(der)
            return DecodedSummary(summary: tolerant.summary, findings: tolerant.findings, root: nil, isTyped: false)
        }
        guard let typed = try? PKIMessage(derEncoded: parsed) else {
            // DER, but not a PKIMessage the typed model takes (an integer beyond 64 bits, an unknown
            // alternative deep inside): the walk reports it; the nodes still serve the analyzer.
            let tolerant = decodeTolerant(der)
            return DecodedSummary(summary: tolerant.summary, findings: tolerant.findings, root: parsed, isTyped: false)
        }
        var findings = [Finding]()
        let end = typed.range.upperBound
        if end < der.count {
            let trailing = ByteRange(lowerBound: end, upperBound: der.count)
            findings.append(Finding(.asn1TrailingData, "\(trailing.count) bytes follow the PKIMessage",
                                    at: .message(trailing)))
        }
        if !typed.body.type.isKnown {
            findings.append(Finding(.cmpBodyUnknown, "PKIBody alternative [\(typed.body.type.rawValue)] is not in RFC 9810",
                                    at: .message(typed.body.range)))
        }
        return DecodedSummary(summary: TypedSummary.summary(of: typed, length: end, names: names, oids: oids), findings: findings,
                              root: parsed, isTyped: true)
    }

    /// The typed model of the PKIMessage at the start of `der`, when it is DER (bytes after it are
    /// allowed: they are reported as `asn1.trailing-data`); nil for BER or damage.
    public func decodeTyped(_ der: [UInt8]) -> PKIMessage? {
        guard let parsed = parse(der) else { return nil }
        return try? PKIMessage(derEncoded: parsed)
    }

    /// swift-asn1's DER parse of the element at the start of `der`, when it is DER within the budgets.
    private func parse(_ der: [UInt8]) -> ASN1Node? {
        // swift-asn1 enforces its own nesting limit; a tighter `Limits.maxASN1Depth` (tests shrink it)
        // is honoured by leaving the message to the walk, which checks it at every element it reads.
        guard limits.maxASN1Depth >= Self.typedPathMinimumDepth else { return nil }
        let scanner = TLVScanner(bytes: der, maxDepth: limits.maxASN1Depth)
        guard let outer = try? scanner.readHeader(at: 0, limit: der.count, depth: 0),
              outer.isComplete, !outer.isIndefinite,
              DERElementBudget.allows(der[0..<outer.end])
        else { return nil }
        return try? DER.parse(der[0..<outer.end])
    }

    /// Below this depth limit the typed path is not taken (the deepest summary fact, a failInfo inside
    /// a CertResponse, sits at depth 7).
    static let typedPathMinimumDepth = 16

    /// The tolerant walk alone (what BER and damaged messages get).
    public func decodeTolerant(_ der: [UInt8]) -> (summary: CMPMessageSummary, findings: [Finding]) {
        var walk = SummaryWalk(bytes: der, limits: limits, names: names)
        walk.run()
        return (walk.summary, walk.findings)
    }
}

/// What `CMPSummaryDecoder.decodeKeepingParse` gives: the summary, its findings, the DER parse
/// (nil when the message is not DER), and whether the typed model read it (else the tolerant walk).
public struct DecodedSummary: Sendable {
    public var summary: CMPMessageSummary
    public var findings: [Finding]
    public var root: ASN1Node?
    public var isTyped: Bool
}
