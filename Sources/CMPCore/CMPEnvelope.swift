/// What an HTTP exchange contributed to a CMP message (DESIGN.md `http {…}`).
///
/// For a response, `method` and `uri` are those of the request it answers.
public struct HTTPInfo: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case request, response }
    public var kind: Kind
    /// "1.0" or "1.1"
    public var version: String
    public var method: String?
    public var uri: String?
    public var status: Int?
    public var reason: String?
    /// The Content-Type header as sent, or nil when absent.
    public var contentType: String?
    public var contentLength: Int?
    public var chunked: Bool
    /// Frame number of the request a response answers.
    public var requestFrame: Int?

    public init(kind: Kind, version: String, method: String? = nil, uri: String? = nil, status: Int? = nil,
                reason: String? = nil, contentType: String? = nil, contentLength: Int? = nil,
                chunked: Bool = false, requestFrame: Int? = nil) {
        self.kind = kind
        self.version = version
        self.method = method
        self.uri = uri
        self.status = status
        self.reason = reason
        self.contentType = contentType
        self.contentLength = contentLength
        self.chunked = chunked
        self.requestFrame = requestFrame
    }
}

/// The two TCP-Messaging framings (cmp-wire-and-oddities.md §1).
public enum TCPMessagingFraming: String, Hashable, Sendable {
    /// RFC 2510 §5.2: length(4) | type(1) | value.
    case rfc2510
    /// draft-ietf-pkix-cmp-transport-protocols: length(4) | version=10 | flags | type | value.
    case v10
}

/// What a TCP-Messaging PDU contributed (DESIGN.md `tcpmsg {framing, type, flags}`).
public struct TCPMessagingInfo: Hashable, Sendable {
    public var framing: TCPMessagingFraming
    /// The message type byte.
    public var type: UInt8
    /// The type's name in its framing (`pkiMsg`, `finalMsgRep`, `pkiReq`, `finRep`, …) or nil if undefined.
    public var typeName: String?
    /// The flags byte (v10 only).
    public var flags: UInt8?
    /// The length field: bytes that follow it.
    public var length: UInt32
    public var pollingReference: UInt32?
    /// Seconds since 1970 (RFC 2510: an absolute time), for pollRep and partialMsgRep.
    public var timeToCheckBack: UInt32?
    /// v10 errorMsgRep error code.
    public var errorCode: UInt16?
    /// errorMsgRep text.
    public var errorText: String?

    public init(framing: TCPMessagingFraming, type: UInt8, typeName: String?, flags: UInt8?, length: UInt32,
                pollingReference: UInt32? = nil, timeToCheckBack: UInt32? = nil, errorCode: UInt16? = nil,
                errorText: String? = nil) {
        self.framing = framing
        self.type = type
        self.typeName = typeName
        self.flags = flags
        self.length = length
        self.pollingReference = pollingReference
        self.timeToCheckBack = timeToCheckBack
        self.errorCode = errorCode
        self.errorText = errorText
    }

    /// v10 flags bit 0: the sender will close, or asks the peer to close, after this message.
    public var closeConnection: Bool { (flags ?? 0) & 0x01 != 0 }
}

/// How a CMP message arrived.
public enum TransportInfo: Hashable, Sendable {
    case http(HTTPInfo)
    /// TCP-Messaging; `http` is set when the PDU was carried in an application/pkixcmp-poll body.
    case tcpMessaging(TCPMessagingInfo, http: HTTPInfo?)
    /// A PKIMessage read from a file (DER, PEM or base64).
    case file

    /// DESIGN.md's `transport` value: "http", "tcpmsg" or "file".
    public var name: String {
        switch self {
        case .http: "http"
        case .tcpMessaging(_, let http): http == nil ? "tcpmsg" : "http"
        case .file: "file"
        }
    }

    public var http: HTTPInfo? {
        switch self {
        case .http(let info): info
        case .tcpMessaging(_, let http): http
        case .file: nil
        }
    }

    public var tcpMessaging: TCPMessagingInfo? {
        if case .tcpMessaging(let info, _) = self { return info }
        return nil
    }
}

/// A transport PDU that carries (or, for TCP-Messaging control PDUs and HTTP errors answering a
/// CMP request, is about) a CMP message: what the transport stage hands the CMP decoder.
public struct CMPEnvelope: Sendable {
    public var transport: TransportInfo
    public var source: Endpoint?
    public var destination: Endpoint?
    public var direction: Direction?
    /// Every frame that contributed bytes of the PDU, in stream order; the last completed it.
    public var frames: [FrameRef]
    /// Stream offset of the PKIMessage's first byte (or of the PDU when there is none).
    public var streamOffset: UInt64?
    /// The DER PKIMessage, owned (one copy per CMP message), or nil when the PDU carries none.
    public var pkiMessage: [UInt8]?
    /// Transport-level findings for this PDU.
    public var findings: [Finding]
    /// A per-run connection number (first connection seen is 0), for grouping.
    public var connectionIndex: Int?
    /// The transport framing in front of the PKIMessage, for `-x`: the HTTP start line and header
    /// fields through the blank line (then, for `-poll`, the TCP-Messaging header), or the 5- or
    /// 7-byte TCP-Messaging header. One copy per envelope, at most `Limits.maxHTTPHeaderBytes` (+7).
    public var transportHeader: [UInt8]?

    public init(transport: TransportInfo, source: Endpoint? = nil, destination: Endpoint? = nil,
                direction: Direction? = nil, frames: [FrameRef], streamOffset: UInt64? = nil,
                pkiMessage: [UInt8]?, findings: [Finding] = [], connectionIndex: Int? = nil,
                transportHeader: [UInt8]? = nil) {
        self.transport = transport
        self.source = source
        self.destination = destination
        self.direction = direction
        self.frames = frames
        self.streamOffset = streamOffset
        self.pkiMessage = pkiMessage
        self.findings = findings
        self.connectionIndex = connectionIndex
        self.transportHeader = transportHeader
    }

    /// The frame that completed the PDU: the one tshark reports the message in. `frames` is in
    /// stream order; with reordering the last stream byte may have come early, so the completing
    /// frame is the one that arrived last, the highest-numbered.
    public var completingFrame: FrameRef? { frames.max { $0.number < $1.number } }
}
