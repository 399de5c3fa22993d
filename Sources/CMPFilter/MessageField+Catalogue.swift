import CMPCore

extension MessageField {
    /// Every field, in the order `--help` and the man page list them.
    public static let catalogue: [MessageField] = [
        MessageField("frame", .integer, "number of the frame that completed the message") {
            $0.envelope.completingFrame.map { [.integer($0.number)] } ?? []
        },
        MessageField("transport", .string, "http, tcpmsg or file") { [.string($0.envelope.transport.name)] },
        MessageField("tcp.stream", .integer, "connection number in this run, from 0") {
            $0.envelope.connectionIndex.map { [.integer($0)] } ?? []
        },
        MessageField("ip.src", .address, "source address") { $0.envelope.source.map { [.address($0.address)] } ?? [] },
        MessageField("ip.dst", .address, "destination address") {
            $0.envelope.destination.map { [.address($0.address)] } ?? []
        },
        MessageField("ip.addr", .address, "source or destination address") {
            [$0.envelope.source, $0.envelope.destination].compactMap { $0.map { .address($0.address) } }
        },
        MessageField("tcp.srcport", .integer, "source port") { $0.envelope.source.map { [.integer(Int($0.port))] } ?? [] },
        MessageField("tcp.dstport", .integer, "destination port") {
            $0.envelope.destination.map { [.integer(Int($0.port))] } ?? []
        },
        MessageField("tcp.port", .integer, "source or destination port") {
            [$0.envelope.source, $0.envelope.destination].compactMap { $0.map { .integer(Int($0.port)) } }
        },
        MessageField("http.method", .string, "request method (of the request a response answers)") {
            $0.envelope.transport.http?.method.map { [.string($0)] } ?? []
        },
        MessageField("http.uri", .string, "request URI") { $0.envelope.transport.http?.uri.map { [.string($0)] } ?? [] },
        MessageField("http.status", .integer, "response status code") {
            $0.envelope.transport.http?.status.map { [.integer($0)] } ?? []
        },
        MessageField("http.content_type", .string, "Content-Type header") {
            $0.envelope.transport.http?.contentType.map { [.string($0)] } ?? []
        },
        MessageField("tcpmsg.framing", .string, "rfc2510 or v10") {
            $0.envelope.transport.tcpMessaging.map { [.string($0.framing.rawValue)] } ?? []
        },
        MessageField("tcpmsg.type", .integer, "TCP-Messaging message type") {
            $0.envelope.transport.tcpMessaging.map { [.integer(Int($0.type))] } ?? []
        },
        MessageField("cmp.length", .integer, "DER length of the PKIMessage") { $0.summary.map { [.integer($0.length)] } ?? [] },
        MessageField("cmp.pvno", .integer, "protocol version") { $0.summary?.pvno.map { [.integer($0)] } ?? [] },
        MessageField("cmp.body", .named(PKIBodyType.names), "body type (ir, ip, certConf, …)") {
            $0.summary?.body.map { [.named($0.name, $0.rawValue)] } ?? []
        },
        MessageField("cmp.transaction_id", .bytes, "header transactionID") { bytes($0.summary?.transactionID) },
        MessageField("cmp.sender_nonce", .bytes, "header senderNonce") { bytes($0.summary?.senderNonce) },
        MessageField("cmp.recip_nonce", .bytes, "header recipNonce") { bytes($0.summary?.recipNonce) },
        MessageField("cmp.sender_kid", .bytes, "header senderKID") { bytes($0.summary?.senderKID) },
        MessageField("cmp.sender", .string, "header sender (RFC 4514, or kind:value)") {
            $0.summary?.sender.map { [.string($0)] } ?? []
        },
        MessageField("cmp.recipient", .string, "header recipient") { $0.summary?.recipient.map { [.string($0)] } ?? [] },
        MessageField("cmp.protection_alg", .string, "protectionAlg OID, dotted") {
            $0.summary?.protectionAlgorithm.map { [.string($0)] } ?? []
        },
        MessageField("cmp.protected", .boolean, "the message carries protection") {
            $0.summary.map { [.boolean($0.isProtected)] } ?? []
        },
        MessageField("cmp.status", .named(PKIStatus.names), "every PKIStatus in the body") {
            $0.summary?.statuses.map { .named($0.name, $0.rawValue) } ?? []
        },
        MessageField("cmp.fail_info", .named(PKIFailureInfoBit.names), "every PKIFailureInfo bit set") {
            $0.summary?.failInfo.map { .named($0.name, $0.rawValue) } ?? []
        },
        MessageField("cmp.cert_req_id", .integer, "every certReqId") { $0.summary?.certReqIds.map { .integer($0) } ?? [] },
        MessageField("cmp.info_type", .string, "InfoTypeAndValue OIDs, dotted") {
            $0.summary?.infoTypes.map { .string($0) } ?? []
        },
        MessageField("cmp.tx", .integer, "transaction number in this run, from 1 (the summary line's tx=)") {
            $0.transaction.map { [.integer($0.index)] } ?? []
        },
        MessageField("cmp.tx.kind", .string, "body type of the transaction's first request") {
            $0.transaction.map { [.string($0.kind)] } ?? []
        },
        MessageField("cmp.tx.outcome", .string, "the transaction's state after this message") {
            $0.transaction.map { [.string($0.outcome.rawValue)] } ?? []
        },
        MessageField("finding.code", .string, "code of every finding") { $0.findings.map { .string($0.code.rawValue) } },
        MessageField("finding.severity", .severity, "severity of every finding (chat < note < warning < error)") {
            $0.findings.map { .severity($0.severity) }
        },
    ]

    private static func bytes(_ value: [UInt8]?) -> [FilterValue] { value.map { [.bytes($0)] } ?? [] }
}
