/// One entry of the finding catalogue: what `--list-findings` prints.
public struct FindingDescriptor: Sendable {
    public var code: FindingCode
    public var severity: Severity
    /// Expert-info group: transport, reassembly, encoding, header, body, protection, transaction.
    public var group: String
    public var summary: String
    /// An RFC section, or the implementation known to do it.
    public var reference: String
}

extension FindingCode {
    // Reassembly
    public static let tcpGap = FindingCode("tcp.gap")
    public static let tcpOverlapConflict = FindingCode("tcp.overlap.conflict")
    public static let tcpLimit = FindingCode("tcp.limit")
    // Transport: HTTP
    public static let httpContentTypeMissing = FindingCode("http.content-type.missing")
    public static let httpContentTypeLegacy = FindingCode("http.content-type.legacy")
    public static let httpContentTypePoll = FindingCode("http.content-type.poll")
    public static let httpContentTypeWrong = FindingCode("http.content-type.wrong")
    public static let httpMethodNotPost = FindingCode("http.method.not-post")
    public static let httpStatusNot200 = FindingCode("http.status.not-200")
    public static let httpStatusErrorWithCMP = FindingCode("http.status.error-with-cmp")
    public static let httpStatusErrorWithoutCMP = FindingCode("http.status.error-without-cmp")
    public static let httpVersion10 = FindingCode("http.version.1.0")
    public static let httpContentLengthMismatch = FindingCode("http.content-length.mismatch")
    public static let httpLineEndingBareLF = FindingCode("http.line-ending.bare-lf")
    public static let httpMalformed = FindingCode("http.malformed")
    public static let httpIncomplete = FindingCode("http.incomplete")
    // Transport: TCP-Messaging
    public static let tcpmsgFramingRFC2510 = FindingCode("tcpmsg.framing.rfc2510")
    public static let tcpmsgFramingV10 = FindingCode("tcpmsg.framing.v10")
    public static let tcpmsgTypeUnknown = FindingCode("tcpmsg.type.unknown")
    public static let tcpmsgLengthMismatch = FindingCode("tcpmsg.length.mismatch")
    public static let tcpmsgFlagsReserved = FindingCode("tcpmsg.flags.reserved")
    public static let tcpmsgServerSendsRequestType = FindingCode("tcpmsg.server-sends-request-type")
    public static let tcpmsgLarge = FindingCode("tcpmsg.large")
    public static let tcpmsgIncomplete = FindingCode("tcpmsg.incomplete")
    // Encoding
    public static let asn1Malformed = FindingCode("asn1.malformed")
    public static let asn1TrailingData = FindingCode("asn1.trailing-data")
    public static let cmpBodyUnknown = FindingCode("cmp.body.unknown")
    public static let pduLimit = FindingCode("pdu.limit")
}

/// The catalogue of every finding code cmpdissect can report, with its default severity.
public enum FindingCatalogue {
    /// Everything `--list-findings` prints: the pipeline's codes, then the analyzer's.
    public static let entries: [FindingDescriptor] = pipelineEntries + encodingEntries + analysisEntries

    /// Codes of the capture, reassembly, transport and summary-decoding stages.
    static let pipelineEntries: [FindingDescriptor] = [
        .init(code: .tcpGap, severity: .warning, group: "reassembly",
              summary: "bytes of the stream were not captured; decoding resumed at the next message start",
              reference: "capture loss"),
        .init(code: .tcpOverlapConflict, severity: .warning, group: "reassembly",
              summary: "a retransmitted or overlapping segment carried different bytes; the first copy was kept",
              reference: "RFC 9293 §3.10.7.4"),
        .init(code: .tcpLimit, severity: .warning, group: "reassembly",
              summary: "a reassembly limit was reached and data was dropped",
              reference: "Limits"),
        .init(code: .httpContentTypeMissing, severity: .warning, group: "transport",
              summary: "CMP over HTTP without a Content-Type header",
              reference: "RFC 9811 §3.2"),
        .init(code: .httpContentTypeLegacy, severity: .note, group: "transport",
              summary: "legacy media type application/x-pkixcmp",
              reference: "RFC 9811 §3.2; pre-registration drafts"),
        .init(code: .httpContentTypePoll, severity: .note, group: "transport",
              summary: "unregistered media type application/pkixcmp-poll from early CMP transport drafts",
              reference: "RFC 9811 §4"),
        .init(code: .httpContentTypeWrong, severity: .warning, group: "transport",
              summary: "a PKIMessage carried with a media type other than application/pkixcmp",
              reference: "RFC 9811 §3.2"),
        .init(code: .httpMethodNotPost, severity: .warning, group: "transport",
              summary: "a CMP request sent with a method other than POST",
              reference: "RFC 9811 §3"),
        .init(code: .httpStatusNot200, severity: .note, group: "transport",
              summary: "a CMP response with a 2xx status other than 200",
              reference: "RFC 9811 §3.1"),
        .init(code: .httpStatusErrorWithCMP, severity: .note, group: "transport",
              summary: "an HTTP error status carrying a PKIMessage (allowed by RFC 9811, ignored by RFC 6712-era clients)",
              reference: "RFC 9811 §3.1"),
        .init(code: .httpStatusErrorWithoutCMP, severity: .warning, group: "transport",
              summary: "a CMP request answered by an HTTP error without a PKIMessage",
              reference: "RFC 9811 §3.1"),
        .init(code: .httpVersion10, severity: .chat, group: "transport",
              summary: "HTTP/1.0 (the OpenSSL mock server answers so)",
              reference: "RFC 9811 §3; OpenSSL apps/lib/http_server.c"),
        .init(code: .httpContentLengthMismatch, severity: .warning, group: "transport",
              summary: "the body ended before Content-Length bytes (connection closed)",
              reference: "RFC 9112 §6.3"),
        .init(code: .httpLineEndingBareLF, severity: .note, group: "transport",
              summary: "HTTP header lines end with a bare LF instead of CRLF",
              reference: "RFC 9112 §2.2"),
        .init(code: .httpMalformed, severity: .error, group: "transport",
              summary: "an HTTP message that cannot be framed",
              reference: "RFC 9112"),
        .init(code: .httpIncomplete, severity: .warning, group: "transport",
              summary: "an HTTP message cut off by the end of the capture or of the connection",
              reference: "capture"),
        .init(code: .tcpmsgFramingRFC2510, severity: .chat, group: "transport",
              summary: "TCP-Messaging in the RFC 2510 §5.2 framing",
              reference: "RFC 2510 §5.2"),
        .init(code: .tcpmsgFramingV10, severity: .chat, group: "transport",
              summary: "TCP-Messaging in the draft framing with version 10",
              reference: "draft-ietf-pkix-cmp-transport-protocols"),
        .init(code: .tcpmsgTypeUnknown, severity: .warning, group: "transport",
              summary: "a TCP-Messaging message type the framing does not define",
              reference: "RFC 2510 §5.2; draft-ietf-pkix-cmp-transport-protocols §3.5"),
        .init(code: .tcpmsgLengthMismatch, severity: .error, group: "transport",
              summary: "the TCP-Messaging length does not match the content",
              reference: "RFC 2510 §5.2"),
        .init(code: .tcpmsgFlagsReserved, severity: .warning, group: "transport",
              summary: "reserved TCP-Messaging flag bits are set",
              reference: "draft-ietf-pkix-cmp-transport-protocols §3.1"),
        .init(code: .tcpmsgServerSendsRequestType, severity: .note, group: "transport",
              summary: "the server answered with the request message type 0 (cryptlib does)",
              reference: "cryptlib io/cmp_tcp.c"),
        .init(code: .tcpmsgLarge, severity: .note, group: "transport",
              summary: "a TCP-Messaging PDU over 10000 bytes (Wireshark refuses it)",
              reference: "Wireshark packet-cmp.c"),
        .init(code: .tcpmsgIncomplete, severity: .warning, group: "transport",
              summary: "a TCP-Messaging PDU cut off by the end of the capture or of the connection",
              reference: "capture"),
        .init(code: .asn1Malformed, severity: .error, group: "encoding",
              summary: "the PKIMessage is not valid DER here; decoding stopped",
              reference: "X.690; RFC 9810 Appendix F"),
        .init(code: .asn1TrailingData, severity: .warning, group: "encoding",
              summary: "bytes follow the end of the PKIMessage",
              reference: "X.690 §8.1.1"),
        .init(code: .cmpBodyUnknown, severity: .warning, group: "body",
              summary: "a PKIBody alternative this decoder does not know",
              reference: "RFC 9810 §5.1.2"),
        .init(code: .pduLimit, severity: .warning, group: "transport",
              summary: "a PDU larger than the configured limit was skipped",
              reference: "Limits.maxPDUSize"),
    ]

    private static let byCode: [FindingCode: FindingDescriptor] = {
        var table = [FindingCode: FindingDescriptor]()
        for entry in entries { table[entry.code] = entry }
        return table
    }()

    public static func entry(for code: FindingCode) -> FindingDescriptor? { byCode[code] }
}
