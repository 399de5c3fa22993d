import CMPCore

/// A tolerant BER tag-length-value reader over the decoder's input.
///
/// swift-asn1 parses a whole node or nothing, and rejects BER (indefinite and non-minimal lengths)
/// outright; the summary still has to report what precedes damage or BER, so the walk reads headers
/// itself. Nothing here recurses: an indefinite length is closed by an iterative scan for its
/// end-of-contents octets, bounded by `maxDepth`, and definite-length children are skipped by length,
/// so a 4 GiB claimed length or 100,000 certificates cost one pass over the bytes actually present.
public struct TLVScanner: Sendable {
    public struct Failure: Error, Sendable {
        public var range: ByteRange
        public var reason: String
    }

    public let bytes: [UInt8]
    public let maxDepth: Int

    public init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Reads the element starting at `position`, which must end by `limit` to be complete.
    /// `depth` is the nesting depth of the element, checked against `maxDepth`.
    public func read(at position: Int, limit: Int, depth: Int) throws(Failure) -> TLV {
        var tlv = try readHeader(at: position, limit: limit, depth: depth)
        if tlv.isIndefinite {
            do {
                let closing = try findEndOfContents(from: tlv.contentStart, limit: limit, depth: depth)
                tlv.contentEnd = closing.contentEnd
                tlv.end = closing.end
                tlv.declaredEnd = closing.end
                tlv.isComplete = closing.found
            } catch {
                tlv.closingFailure = error
            }
        }
        return tlv
    }

    /// The identifier and length octets only; an indefinite length is left open (content runs to `limit`).
    public func readHeader(at position: Int, limit: Int, depth: Int) throws(Failure) -> TLV {
        guard depth <= maxDepth else {
            throw Failure(range: ByteRange(lowerBound: position, upperBound: limit),
                          reason: "nesting deeper than \(maxDepth) levels")
        }
        let limit = Swift.min(limit, bytes.count)
        guard position < limit else {
            throw Failure(range: ByteRange(lowerBound: position, upperBound: position), reason: truncation(position))
        }
        let identifier = bytes[position]
        var cursor = position + 1
        var tagNumber = Int(identifier & 0x1F)
        if tagNumber == 0x1F {
            // High tag number form: base-128 octets; more than four would exceed any real tag.
            tagNumber = 0
            var octets = 0
            while true {
                guard cursor < limit else {
                    throw Failure(range: ByteRange(lowerBound: position, upperBound: cursor), reason: truncation(cursor))
                }
                let octet = bytes[cursor]
                cursor += 1
                octets += 1
                guard octets <= 4 else {
                    throw Failure(range: ByteRange(lowerBound: position, upperBound: cursor),
                                  reason: "tag number longer than 4 octets")
                }
                tagNumber = (tagNumber << 7) | Int(octet & 0x7F)
                if octet & 0x80 == 0 { break }
            }
        }
        guard cursor < limit else {
            throw Failure(range: ByteRange(lowerBound: position, upperBound: cursor), reason: truncation(cursor))
        }
        let first = bytes[cursor]
        cursor += 1
        var tlv = TLV(identifier: identifier, tagNumber: tagNumber, start: position, contentStart: cursor,
                      contentEnd: limit, end: limit, declaredEnd: limit, isIndefinite: false, isComplete: false, depth: depth)
        if first == 0x80 {
            guard identifier & 0x20 != 0 else {
                throw Failure(range: ByteRange(lowerBound: position, upperBound: cursor),
                              reason: "indefinite length on a primitive element")
            }
            tlv.isIndefinite = true
            return tlv
        }
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            guard first != 0xFF else {
                throw Failure(range: ByteRange(lowerBound: position, upperBound: cursor), reason: "reserved length octet 0xFF")
            }
            let count = Int(first & 0x7F)
            guard cursor + count <= limit else {
                throw Failure(range: ByteRange(lowerBound: position, upperBound: limit), reason: truncation(limit))
            }
            for index in cursor..<(cursor + count) {
                // Leading zero octets (BER, not DER) are tolerated; a value past 2^55 is no real length.
                guard length < (1 << 55) else {
                    throw Failure(range: ByteRange(lowerBound: position, upperBound: cursor + count),
                                  reason: "length in \(count) octets is beyond any input")
                }
                length = (length << 8) | Int(bytes[index])
            }
            cursor += count
            tlv.contentStart = cursor
        }
        let declaredEnd = cursor.addingReportingOverflow(length)
        tlv.declaredEnd = declaredEnd.overflow ? Int.max : declaredEnd.partialValue
        tlv.isComplete = tlv.declaredEnd <= limit
        tlv.contentEnd = Swift.min(tlv.declaredEnd, limit)
        tlv.end = tlv.contentEnd
        return tlv
    }

    /// Finds the end-of-contents octets closing an indefinite length whose content starts at `start`.
    private func findEndOfContents(from start: Int, limit: Int, depth: Int) throws(Failure)
        -> (contentEnd: Int, end: Int, found: Bool)
    {
        let limit = Swift.min(limit, bytes.count)
        var position = start
        var open = 0
        while true {
            if position + 1 < limit, bytes[position] == 0, bytes[position + 1] == 0 {
                if open == 0 { return (position, position + 2, true) }
                open -= 1
                position += 2
                continue
            }
            if position >= limit { return (limit, limit, false) }
            let child = try readHeader(at: position, limit: limit, depth: depth + 1 + open)
            if child.isIndefinite {
                open += 1
                position = child.contentStart
            } else {
                if !child.isComplete { return (limit, limit, false) }
                position = child.end
            }
        }
    }

    /// "truncated" when the input ran out, otherwise the element overran its parent.
    public func truncation(_ position: Int) -> String {
        position >= bytes.count
            ? "truncated: the input ends at offset \(bytes.count)"
            : "element runs past the end of its enclosing element"
    }
}
