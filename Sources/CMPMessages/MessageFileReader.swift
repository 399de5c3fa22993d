/// Recognises a file that holds PKIMessages rather than a capture: what `openssl cmp -reqout` /
/// `-rspout` writes (DER), the same in PEM (any label; several blocks give several messages), or bare
/// base64 as people paste it from logs.
public enum MessageFileReader {
    /// The messages in the file, or nil when it is none of DER, PEM or base64.
    ///
    /// DER is recognised by its SEQUENCE tag 0x30 alone (a pcap starts with its magic, never 0x30);
    /// whether it decodes is the decoder's business. Bare base64 must decode to something starting
    /// with 0x30, so that an arbitrary word-like text file is not taken for a message.
    public static func pkiMessages(fromFileBytes bytes: [UInt8]) -> [[UInt8]]? {
        guard let first = bytes.first else { return nil }
        if first == 0x30 { return [bytes] }
        let begin = Array("-----BEGIN ".utf8)
        if let start = find(begin, in: bytes, from: 0) {
            return pemBlocks(bytes, from: start)
        }
        guard let decoded = Base64.decode(bytes), decoded.first == 0x30 else { return nil }
        return [decoded]
    }

    /// Decodes every `-----BEGIN …-----` … `-----END …-----` block; RFC 7468 §2 header lines
    /// (`Proc-Type: …`) inside a block are skipped. nil when no block decodes.
    private static func pemBlocks(_ bytes: [UInt8], from start: Int) -> [[UInt8]]? {
        let begin = Array("-----BEGIN ".utf8)
        let end = Array("-----END ".utf8)
        let dashes = Array("-----".utf8)
        var messages = [[UInt8]]()
        var position = start
        while let blockStart = find(begin, in: bytes, from: position) {
            guard let labelEnd = find(dashes, in: bytes, from: blockStart + begin.count),
                  let blockEnd = find(end, in: bytes, from: labelEnd + dashes.count)
            else { break }
            var body = [UInt8]()
            var lineStart = labelEnd + dashes.count
            while lineStart < blockEnd {
                var lineEnd = lineStart
                while lineEnd < blockEnd, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let line = bytes[lineStart..<lineEnd]
                if !line.contains(UInt8(ascii: ":")) { body.append(contentsOf: line) }
                lineStart = lineEnd + 1
            }
            if let decoded = Base64.decode(body), !decoded.isEmpty { messages.append(decoded) }
            position = blockEnd + end.count
        }
        return messages.isEmpty ? nil : messages
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
