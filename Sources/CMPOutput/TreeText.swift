import CMPCore

/// `-V`: the annotated tree of a message, tshark-style, and with `-x` its hex dump.
public enum TreeText {
    /// The summary line, then the tree (when the message has one), then the hex dump when asked.
    public static func render(_ message: DissectedMessage, context: RenderContext, hexDump: Bool) -> String {
        var text = SummaryLine.render(message, context: context) + "\n"
        if let tree = message.tree { append(tree, depth: 1, to: &text) }
        return text
    }

    static func append(_ node: DissectionNode, depth: Int, to text: inout String) {
        text += String(repeating: "    ", count: depth) + node.name
        if let value = node.value { text += ": " + value }
        text += " [\(node.range)]\n"
        for child in node.children { append(child, depth: depth + 1, to: &text) }
    }
}
