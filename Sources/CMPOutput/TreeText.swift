import CMPCore

/// `-V`: the annotated tree of a message, tshark-style, and with `-x` its hex dump.
///
/// Each node is `name: value [lower..<upper]`, its byte range within the PKIMessage (`-V` output of
/// tshark shows no ranges; ours let a reader find every field in `-x`'s dump). Findings hang under
/// the node they concern as `[severity: code] message`, like tshark's expert info.
public enum TreeText {
    /// The summary line, then the tree (when the message has one), then the hex dump when asked.
    public static func render(_ message: DissectedMessage, context: RenderContext, hexDump: Bool) -> String {
        render(message, context: context, hexDump: hexDump, absoluteOffsets: false)
    }

    /// As above; `absoluteOffsets` adds each node's offset in the reassembled stream (`@1234`) when
    /// the message came from a stream.
    public static func render(_ message: DissectedMessage, context: RenderContext, hexDump: Bool,
                              absoluteOffsets: Bool) -> String {
        var bytes = [UInt8]()
        SummaryLine.append(message, context: context, to: &bytes)
        bytes.append(0x0A)
        appendBody(of: message, hexDump: hexDump, absoluteOffsets: absoluteOffsets, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What follows the summary line: the tree's lines, then the hex dump when asked, as UTF-8
    /// straight into the output buffer (the writer's path: no intermediate strings per node).
    public static func appendBody(of message: DissectedMessage, hexDump: Bool, absoluteOffsets: Bool,
                                  to bytes: inout [UInt8]) {
        let base = absoluteOffsets ? message.envelope.streamOffset : nil
        if let tree = message.tree { append(tree, depth: 1, base: base, to: &bytes) }
        if hexDump {
            var dumps = ""
            appendDumps(message.envelope, to: &dumps)
            bytes.append(contentsOf: dumps.utf8)
        }
    }

    /// `-x`: the transport header (offsets relative to its first byte) under a label, then the
    /// PKIMessage; the label appears only when there is a header, so file input prints as before.
    static func appendDumps(_ envelope: CMPEnvelope, to text: inout String) {
        if let header = envelope.transportHeader, !header.isEmpty {
            text += "Transport header (\(header.count) bytes, \(envelope.transport.name)):\n"
            text += HexDump.render(header, base: 0)
            if envelope.pkiMessage != nil { text += "PKIMessage (\(envelope.pkiMessage?.count ?? 0) bytes):\n" }
        }
        if let bytes = envelope.pkiMessage { text += HexDump.render(bytes, base: 0) }
    }

    static func append(_ node: borrowing DissectionNode, depth: Int, base: UInt64?, to bytes: inout [UInt8]) {
        appendIndent(depth, to: &bytes)
        bytes.append(contentsOf: node.name.utf8)
        if let value = node.value {
            bytes.append(0x3A)  // ": "
            bytes.append(0x20)
            bytes.append(contentsOf: value.utf8)
        }
        bytes.append(0x20)  // " ["
        bytes.append(0x5B)
        DecimalBytes.append(node.range.lowerBound, to: &bytes)
        bytes.append(contentsOf: rangeDots)
        DecimalBytes.append(node.range.upperBound, to: &bytes)
        if let base {
            bytes.append(0x20)  // " @"
            bytes.append(0x40)
            DecimalBytes.append(base + UInt64(Swift.max(0, node.range.lowerBound)), to: &bytes)
        }
        bytes.append(0x5D)  // "]\n"
        bytes.append(0x0A)
        for finding in node.findings {
            appendIndent(depth + 1, to: &bytes)
            bytes.append(contentsOf: "[\(finding.severity): \(finding.code)] ".utf8)
            bytes.append(contentsOf: finding.message.utf8)
            bytes.append(0x0A)
        }
        for index in node.children.indices {
            append(node.children[index], depth: depth + 1, base: base, to: &bytes)
        }
    }

    private static let rangeDots = Array("..<".utf8)

    /// Four spaces per level, in one copy from a run of spaces (deeper trees, rare, loop over it).
    private static func appendIndent(_ depth: Int, to bytes: inout [UInt8]) {
        var width = depth * 4
        while width > 0 {
            let part = Swift.min(width, spaces.count)
            bytes.append(contentsOf: spaces[..<part])
            width -= part
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 256)
}
