import CMPCore

/// `-T ek`: newline-delimited Elasticsearch/OpenSearch bulk format, shaped like tshark's — an
/// action line, then a document with `timestamp` (epoch milliseconds, as text) and `layers`,
/// whose `cmp` layer is the `-T jsonl` object with DESIGN.md's keys, so `curl --data-binary
/// @out.ndjson …/_bulk` indexes a capture archive message by message.
///
/// The index is `cmp-YYYY-MM-DD` from the message's capture date (tshark uses `packets-…`); there
/// is no `_type`, which Elasticsearch 8 and OpenSearch 2 refuse. Messages read from files have no
/// capture time: index `cmp`, no `timestamp`.
public enum EKOutput {
    public static func render(_ message: DissectedMessage, context: RenderContext) -> String {
        let time = RenderContext.timestamp(of: message.envelope)
        var action = JSONWriter()
        action.beginObject()
        action.key("index")
        action.beginObject()
        action.field("_index", time.map { "cmp-" + $0.iso8601.prefix(10) } ?? "cmp")
        action.endObject()
        action.endObject()
        var document = JSONWriter()
        document.beginObject()
        if let time {
            let milliseconds = time.totalNanoseconds / 1_000_000
            document.field("timestamp", String(milliseconds))
        }
        document.key("layers")
        document.beginObject()
        document.key("cmp")
        MessageJSON.write(message, context: context, into: &document)
        document.endObject()
        document.endObject()
        return action.text + "\n" + document.text + "\n"
    }
}
