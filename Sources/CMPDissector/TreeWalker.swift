import CMPCore
import CMPMessages

/// Walks TLVs against `ASN1Schema`s and builds the annotated tree.
///
/// Tolerant by construction: it reads with our own `TLVScanner` (BER lengths accepted and named, a
/// truncated element shown as far as its bytes go), and where the bytes stop matching the shape it
/// records the first stop error (`CMPDecodeError` with the field path) plus `asn1.malformed`, and
/// shows the rest of that element as raw TLV structure. It never traps: every index it reads comes
/// from a TLV the scanner bounded by the input.
struct TreeWalker {
    let bytes: [UInt8]
    let scanner: TLVScanner
    /// What the builder remembers between messages (name texts, swift-certificates' readings).
    let caches: TreeCaches
    var findings: [Finding] = []
    var error: CMPDecodeError?
    /// Set when the last `next` ended the children because of damage rather than their end.
    var readFailed = false
    /// Elements read so far, against `maxElements`.
    var elements = 0
    var hitElementLimit = false
    /// Elements swift-certificates has read so far, against `maxInteropChecks`.
    var interopChecks = 0
    /// Whether shortened values also keep their whole text (`fullValue`, which only JSON shows).
    var keepsFullValues = true

    /// Elements one tree shows: a 16 MiB message of two-byte NULLs would otherwise become 8 million
    /// nodes (gigabytes of tree for one `-V`). Past it the rest of each element is summarised.
    static let maxElements = 250_000

    /// Bytes shown in hex before the text tree shortens a value (JSON keeps the whole value).
    static let shownBytes = 32

    init(bytes: [UInt8], limits: Limits, caches: TreeCaches = TreeCaches()) {
        self.bytes = bytes
        self.caches = caches
        scanner = TLVScanner(bytes: bytes, maxDepth: limits.maxASN1Depth)
    }

    // MARK: - Errors and findings

    mutating func fail(_ range: ByteRange, _ path: FieldPath, _ reason: String) -> Finding {
        let stop = CMPDecodeError(fieldPath: path.description, range: range, reason: reason)
        if error == nil { error = stop }
        let finding = Finding(.asn1Malformed, stop.description, at: .message(range))
        findings.append(finding)
        return finding
    }

    mutating func note(_ code: FindingCode, _ severity: Severity, _ message: String, _ range: ByteRange) -> Finding {
        let finding = Finding(code, FindingCatalogue.entry(for: code)?.severity ?? severity, message, at: .message(range))
        findings.append(finding)
        return finding
    }

    /// BER that DER forbids, named where it occurs (X.690 §10.1: definite, minimal lengths; §10.2:
    /// primitive strings).
    mutating func encodingFindings(_ tlv: TLV, _ path: FieldPath) -> [Finding] {
        var result = [Finding]()
        if tlv.isIndefinite {
            result.append(note(.asn1BERIndefiniteLength, .warning, "\(path): indefinite length (BER, not DER)", tlv.range))
        } else {
            let tagOctets = tlv.tagNumber < 31 ? 1 : 1 + Self.base128Count(tlv.tagNumber)
            let lengthOctets = tlv.contentStart - tlv.start - tagOctets
            let length = tlv.declaredEnd - tlv.contentStart
            let minimal = length < 0x80 ? 1 : 1 + Self.byteCount(length)
            if lengthOctets > minimal {
                result.append(note(.asn1BERNonMinimalLength, .warning,
                                   "\(path): length \(length) in \(lengthOctets) octets where DER uses \(minimal)", tlv.range))
            }
        }
        if tlv.tagClass == 0, tlv.isConstructed, Self.stringTags.contains(tlv.tagNumber) {
            result.append(note(.asn1BERConstructedString, .warning, "\(path): constructed string (BER, not DER)", tlv.range))
        }
        return result
    }

    static let stringTags: Set<Int> = [3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]

    static func base128Count(_ value: Int) -> Int {
        var count = 1
        var rest = value >> 7
        while rest > 0 { count += 1; rest >>= 7 }
        return count
    }

    static func byteCount(_ value: Int) -> Int {
        var count = 1
        var rest = value >> 8
        while rest > 0 { count += 1; rest >>= 8 }
        return count
    }

    // MARK: - Reading children

    /// The next child, or nil at the end; a read failure or a cut parent ends the children with a stop error.
    mutating func next(_ children: inout TLVChildren, _ path: FieldPath, into nodes: inout [DissectionNode]) -> TLV? {
        readFailed = false
        if children.isExhausted {
            if let failure = children.failure {
                let finding = fail(failure.range, path, failure.reason)
                nodes.append(DissectionNode("[malformed]", range: failure.range, findings: [finding]))
                children.failure = nil
                readFailed = true
            } else if !children.parentIsComplete {
                let at = ByteRange(lowerBound: children.end, upperBound: children.end)
                let finding = fail(at, path, scanner.truncation(children.end))
                nodes.append(DissectionNode("[truncated]", range: at, findings: [finding]))
                readFailed = true
            }
            return nil
        }
        guard elements < Self.maxElements else {
            let skipped = ByteRange(lowerBound: children.position, upperBound: children.end)
            if !hitElementLimit {
                hitElementLimit = true
                let finding = note(.treeLimit, .warning, "\(path): the tree stops at \(Self.maxElements) elements", skipped)
                nodes.append(DissectionNode("[tree limit]", value: "\(skipped.count) bytes not shown", range: skipped, findings: [finding]))
            }
            children.position = children.end
            return nil
        }
        elements += 1
        do {
            let tlv = try scanner.read(at: children.position, limit: children.end, depth: children.depth)
            children.position = tlv.end
            if let failure = tlv.closingFailure { children.failure = failure }
            return tlv
        } catch {
            let finding = fail(error.range, path, error.reason)
            nodes.append(DissectionNode("[malformed]", range: error.range, findings: [finding]))
            children.position = children.end
            readFailed = true
            return nil
        }
    }

    /// The rest of the children, raw.
    mutating func rawRest(_ children: inout TLVChildren, _ path: FieldPath, into nodes: inout [DissectionNode]) {
        while let tlv = next(&children, path, into: &nodes) {
            nodes.append(raw(tlv, path))
        }
    }
}
