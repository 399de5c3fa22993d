import CMPCore

/// `-T json` / `-T jsonl`: one object per CMP message with DESIGN.md's stable keys, in that order.
/// Keys beyond the contract (`index`, `message_time`, `check_after`, `info_types`, `error`, …)
/// come after the contract's own.
public enum MessageJSON {
    public static func render(_ message: DissectedMessage, context: RenderContext) -> String {
        String(decoding: renderBytes(message, context: context), as: UTF8.self)
    }

    /// The object as UTF-8, for writers that collect bytes.
    public static func renderBytes(_ message: DissectedMessage, context: RenderContext) -> [UInt8] {
        var json = JSONWriter()
        write(message, context: context, into: &json)
        return json.bytes
    }

    public static func write(_ message: DissectedMessage, context: RenderContext, into json: inout JSONWriter) {
        let envelope = message.envelope
        let summary = message.summary
        json.beginObject()
        json.field("frame", envelope.completingFrame?.number)
        json.field("frames", ints: envelope.frames.map(\.number))
        let time = RenderContext.timestamp(of: envelope)
        json.key("time")
        if let time { json.asciiString(time.appendISO8601) } else { json.null() }
        json.key("rel_time")
        if let time { json.asciiString { context.appendRelativeTime(time, to: &$0) } } else { json.null() }
        json.key("src")
        if let endpoint = envelope.source { json.asciiString(endpoint.address.appendText) } else { json.null() }
        json.field("sport", envelope.source.map { Int($0.port) })
        json.key("dst")
        if let endpoint = envelope.destination { json.asciiString(endpoint.address.appendText) } else { json.null() }
        json.field("dport", envelope.destination.map { Int($0.port) })
        json.field("transport", envelope.transport.name)
        json.key("http")
        if let http = envelope.transport.http {
            json.beginObject()
            json.field("version", http.version)
            json.field("method", http.method)
            json.field("uri", http.uri)
            json.field("status", http.status)
            json.field("content_type", http.contentType)
            json.endObject()
        } else {
            json.null()
        }
        json.key("tcpmsg")
        if let tcp = envelope.transport.tcpMessaging {
            json.beginObject()
            json.field("framing", tcp.framing.rawValue)
            json.field("type", Int(tcp.type))
            json.field("flags", tcp.flags.map { Int($0) })
            json.field("type_name", tcp.typeName)
            json.field("length", Int(tcp.length))
            json.field("polling_reference", tcp.pollingReference.map { Int($0) })
            json.field("time_to_check_back", tcp.timeToCheckBack.map { Timestamp(seconds: Int64($0), nanoseconds: 0).iso8601 })
            json.field("error_code", tcp.errorCode.map { Int($0) })
            json.field("error_text", tcp.errorText)
            json.endObject()
        } else {
            json.null()
        }
        json.field("length", summary?.length)
        json.field("pvno", summary?.pvno)
        json.field("body", summary?.body?.name)
        json.field("transaction_id", hex: summary?.transactionID)
        json.field("sender_nonce", hex: summary?.senderNonce)
        json.field("recip_nonce", hex: summary?.recipNonce)
        json.field("sender_kid", hex: summary?.senderKID)
        json.field("sender", summary?.sender)
        json.field("recipient", summary?.recipient)
        json.field("protection_alg", summary?.protectionAlgorithm)
        json.field("protected", summary?.isProtected)
        json.field("statuses", strings: summary?.statuses.map(\.name) ?? [])
        json.field("fail_info", strings: summary?.failInfo.map(\.name) ?? [])
        json.field("cert_req_ids", ints: summary?.certReqIds ?? [])
        json.key("findings")
        json.beginArray()
        for finding in message.findings {
            json.beginObject()
            json.field("code", finding.code.rawValue)
            json.field("severity", finding.severity.description)
            json.field("message", finding.message)
            json.key("offset")
            json.uint(finding.location.offset)
            json.field("scope", finding.location.scope)
            json.endObject()
        }
        json.endArray()
        json.key("transaction")
        if let transaction = message.transaction {
            json.beginObject()
            json.field("index", transaction.index)
            json.field("kind", transaction.kind)
            json.field("outcome", transaction.outcome.rawValue)
            json.endObject()
        } else {
            json.null()
        }
        if let tree = message.tree {
            json.key("tree")
            TreeJSON.write(tree, into: &json)
        }
        // Beyond the contract.
        json.field("index", message.index)
        json.field("connection", envelope.connectionIndex)
        json.field("message_time", summary?.messageTime)
        json.field("check_after", ints: summary?.checkAfter ?? [])
        json.field("info_types", strings: summary?.infoTypes ?? [])
        json.key("error")
        if let error = summary?.error {
            json.beginObject()
            json.field("field", error.fieldPath)
            json.field("offset", error.range.lowerBound)
            json.field("reason", error.reason)
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
    }
}
