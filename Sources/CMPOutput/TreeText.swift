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
        var text = SummaryLine.render(message, context: context) + "\n"
        let base = absoluteOffsets ? message.envelope.streamOffset : nil
        if let tree = message.tree { append(tree, depth: 1, base: base, to: &text) }
        if hexDump, let bytes = message.envelope.pkiMessage {
            text += HexDump.render(bytes, base: 0)
        }
        return text
    }

    static func append(_ node: DissectionNode, depth: Int, base: UInt64?, to text: inout String) {
        let indent = String(repeating: "    ", count: depth)
        text += indent + node.name
        if let value = node.value { text += ": " + value }
        text += " [\(node.range)"
        if let base { text += " @\(base + UInt64(Swift.max(0, node.range.lowerBound)))" }
        text += "]\n"
        for finding in node.findings {
            text += indent + "    [\(finding.severity): \(finding.code)] \(finding.message)\n"
        }
        for child in node.children { append(child, depth: depth + 1, base: base, to: &text) }
    }
}
