import CMPCore

/// The `-T json -V` form of the tree: the same nodes and ranges as the text tree, values whole
/// (`fullValue` where the text shortens them).
public enum TreeJSON {
    /// `{"name", "value", "offset", "length", "findings"?, "children"?}`; offsets are PKIMessage offsets.
    public static func write(_ node: DissectionNode, into json: inout JSONWriter) {
        json.beginObject()
        json.field("name", node.name)
        json.field("value", node.fullValue ?? node.value)
        json.field("offset", node.range.lowerBound)
        json.field("length", node.range.count)
        if !node.findings.isEmpty {
            json.key("findings")
            json.beginArray()
            for finding in node.findings {
                json.beginObject()
                json.field("code", finding.code.rawValue)
                json.field("severity", finding.severity.description)
                json.field("message", finding.message)
                json.endObject()
            }
            json.endArray()
        }
        if !node.children.isEmpty {
            json.key("children")
            json.beginArray()
            for child in node.children { write(child, into: &json) }
            json.endArray()
        }
        json.endObject()
    }
}
