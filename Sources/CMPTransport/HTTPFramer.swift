import CMPCore

/// Frames both directions of an HTTP/1.0 or 1.1 connection (RFC 9112) and picks out the CMP bodies.
///
/// Requests and responses are recognised by their start line, not by direction, and responses are
/// paired FIFO with the requests seen before them (pipelining, RFC 9112 §9.3.2); interim 1xx
/// responses (`100 Continue` after `Expect: 100-continue`) answer nothing.
struct HTTPFramer {
    struct RequestEntry {
        var id: Int
        var method: String
        var uri: String
        var frame: Int?
        var isCMP: Bool
    }

    enum State {
        case idle
        /// Reading a head; `scanned` bytes were searched for its end already (drip-feeding stays linear).
        case head(scanned: Int)
        case body(HTTPMessageState)
        /// After a gap or garbage: skip to the next HTTP message start.
        case resync
        /// After `101 Switching Protocols` or a CONNECT tunnel: not HTTP any more.
        case opaque
    }

    private var states: [State] = [.idle, .idle]
    var pending: [[Finding]] = [[], []]
    private var requests: [RequestEntry] = []
    private var nextRequestID = 0
    let limits: Limits

    /// Unanswered requests remembered for pairing; a hostile client could queue without end.
    static let maxQueuedRequests = 64
    /// A chunk-size line longer than this is not HTTP (RFC 9112 §7.1.1 extensions are short in practice).
    static let maxChunkLine = 4096
    /// Body bytes the sniffer looks at to recognise a DER PKIMessage.
    static let sniffBytes = 16

    init(limits: Limits) {
        self.limits = limits
    }

    // MARK: - Entry points

    mutating func receive(_ buffer: inout StreamBuffer, direction: Direction, context: EnvelopeContext,
                          emit: (CMPEnvelope) -> Void) {
        let side = direction.rawValue
        while true {
            switch states[side] {
            case .opaque:
                buffer.consume(buffer.readableBytes)
                return
            case .resync:
                guard resync(&buffer) else { return }
                states[side] = .idle
            case .idle:
                let blank = buffer.readable.prefix { $0 == 0x0D || $0 == 0x0A }.count
                buffer.consume(blank)
                if buffer.isEmpty { return }
                switch buffer.readable.withUnsafeBytes({ MessageStartProbe.http($0, at: 0) }) {
                case .needMore: return
                case .no:
                    malformed(direction, "bytes that do not start an HTTP message", at: buffer.readerOffset)
                    states[side] = .resync
                case .yes:
                    states[side] = .head(scanned: 0)
                }
            case .head(let scanned):
                switch findHeadEnd(buffer, from: scanned) {
                case .found(let end) where end <= limits.maxHTTPHeaderBytes:
                    startMessage(&buffer, headLength: end, direction: direction, context: context, emit: emit)
                case .notFound(let next) where buffer.readableBytes <= limits.maxHTTPHeaderBytes:
                    states[side] = .head(scanned: next)
                    return
                default:
                    malformed(direction, "HTTP header block larger than \(limits.maxHTTPHeaderBytes) bytes",
                              at: buffer.readerOffset)
                    buffer.consume(Swift.min(buffer.readableBytes, limits.maxHTTPHeaderBytes))
                    states[side] = .resync
                }
            case .body(var message):
                states[side] = .idle
                switch advance(&message, &buffer, direction: direction, context: context, emit: emit) {
                case .needMore:
                    states[side] = .body(message)
                    return
                case .complete:
                    complete(message, &buffer, direction: direction, context: context, emit: emit)
                case .malformed(let why):
                    malformed(direction, why, at: buffer.readerOffset + UInt64(message.cursor))
                    buffer.consume(message.cursor)
                    states[side] = .resync
                }
            }
        }
    }

    mutating func gap(_ buffer: inout StreamBuffer, direction: Direction, lostBytes: UInt64, context: EnvelopeContext,
                      emit: (CMPEnvelope) -> Void) {
        let side = direction.rawValue
        let finding = Finding(.tcpGap, "\(lostBytes) bytes not captured", at: .stream(offset: buffer.endOffset))
        switch states[side] {
        case .opaque:
            buffer.discardReadable(thenSkip: lostBytes)
            return
        case .body(var message) where !message.keep:
            // Bytes lost inside a skipped body of known length: count them off and keep framing.
            let lost = lostBytes.addingReportingOverflow(UInt64(buffer.readableBytes))
            switch message.framing {
            case .length(let remaining) where !lost.overflow && lost.partialValue <= remaining && buffer.isEmpty:
                message.framing = .length(remaining: remaining - lost.partialValue)
                states[side] = .body(message)
                buffer.discardReadable(thenSkip: lostBytes)
                return
            case .chunked(.data(let remaining)) where !lost.overflow && lost.partialValue <= remaining && buffer.isEmpty:
                message.framing = .chunked(.data(remaining: remaining - lost.partialValue))
                states[side] = .body(message)
                buffer.discardReadable(thenSkip: lostBytes)
                return
            default:
                flush(&message, &buffer, finding: finding, direction: direction, context: context, emit: emit)
            }
        case .body(var message):
            flush(&message, &buffer, finding: finding, direction: direction, context: context, emit: emit)
        default:
            pending[side].append(finding)
        }
        buffer.discardReadable(thenSkip: lostBytes)
        states[side] = .resync
    }

    mutating func finish(_ buffer: inout StreamBuffer, direction: Direction, context: EnvelopeContext,
                         emit: (CMPEnvelope) -> Void) {
        receive(&buffer, direction: direction, context: context, emit: emit)
        let side = direction.rawValue
        if case .body(var message) = states[side] {
            states[side] = .idle
            switch message.framing {
            case .closeDelimited:
                complete(message, &buffer, direction: direction, context: context, emit: emit)
            case .length(let remaining):
                let finding = Finding(.httpContentLengthMismatch,
                                      "connection closed \(remaining) bytes before the end of Content-Length",
                                      at: .stream(offset: buffer.endOffset))
                flush(&message, &buffer, finding: finding, direction: direction, context: context, emit: emit)
            case .chunked:
                let finding = Finding(.httpIncomplete, "connection closed inside a chunked body",
                                      at: .stream(offset: buffer.endOffset))
                flush(&message, &buffer, finding: finding, direction: direction, context: context, emit: emit)
            }
        }
        buffer.consume(buffer.readableBytes)
        states[side] = .opaque
    }

    // MARK: - Heads

    private enum HeadEnd {
        case found(Int)
        case notFound(scanned: Int)
    }

    /// The end of the head: an LF followed by CRLF or by a bare LF.
    private func findHeadEnd(_ buffer: StreamBuffer, from scanned: Int) -> HeadEnd {
        buffer.readable.withUnsafeBytes { bytes in
            var index = scanned
            while index < bytes.count {
                if bytes[index] == 0x0A {
                    guard index + 1 < bytes.count else { return .notFound(scanned: index) }
                    if bytes[index + 1] == 0x0A { return .found(index + 2) }
                    if bytes[index + 1] == 0x0D {
                        guard index + 2 < bytes.count else { return .notFound(scanned: index) }
                        if bytes[index + 2] == 0x0A { return .found(index + 3) }
                    }
                }
                index += 1
            }
            return .notFound(scanned: index)
        }
    }

    private mutating func startMessage(_ buffer: inout StreamBuffer, headLength: Int, direction: Direction,
                                       context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        let side = direction.rawValue
        let parsed = buffer.readable.withUnsafeBytes { HTTPHead.parse(UnsafeRawBufferPointer(rebasing: $0[0..<headLength])) }
        guard let head = parsed else {
            malformed(direction, "unparseable HTTP start line or header", at: buffer.readerOffset)
            buffer.consume(headLength)
            states[side] = .resync
            return
        }
        let headOffset = buffer.readerOffset
        let media = HTTPMediaType(contentType: head.contentType)
        var info = HTTPInfo(kind: head.isRequest ? .request : .response, version: head.version,
                            contentType: head.contentType, chunked: head.isChunked)
        if case .value(let length) = head.contentLength { info.contentLength = Int(exactly: length) }
        var framing: HTTPMessageState.BodyFraming?
        var requestID: Int?
        var answersCMP = false
        var upgrade = false
        switch head.start {
        case .request(let method, let uri):
            info.method = method
            info.uri = uri
            let id = nextRequestID
            nextRequestID += 1
            requestID = id
            requests.append(RequestEntry(id: id, method: method, uri: uri,
                                         frame: buffer.frame(atStreamOffset: headOffset + UInt64(headLength - 1))?.number,
                                         isCMP: media.isDeclaredCMP))
            if requests.count > Self.maxQueuedRequests { requests.removeFirst() }
            if head.transferEncoding != nil {
                framing = head.isChunked ? .chunked(.size) : nil
            } else {
                switch head.contentLength {
                case .absent: framing = .length(remaining: 0)
                case .value(let length): framing = .length(remaining: length)
                case .invalid: framing = nil
                }
            }
        case .response(let status, let reason):
            info.status = status
            info.reason = reason
            let interim = (100..<200).contains(status)
            let request: RequestEntry? = interim ? requests.first : (requests.isEmpty ? nil : requests.removeFirst())
            info.method = request?.method
            info.uri = request?.uri
            info.requestFrame = request?.frame
            answersCMP = request?.isCMP ?? false
            upgrade = status == 101 || (request?.method == "CONNECT" && (200..<300).contains(status))
            if interim || status == 204 || status == 304 || request?.method == "HEAD" {
                framing = .length(remaining: 0)
            } else if head.transferEncoding != nil {
                framing = head.isChunked ? .chunked(.size) : .closeDelimited
            } else {
                switch head.contentLength {
                case .absent: framing = .closeDelimited
                case .value(let length): framing = .length(remaining: length)
                case .invalid: framing = nil
                }
            }
        }
        guard let framing else {
            malformed(direction, "HTTP message body length cannot be determined", at: headOffset)
            buffer.consume(headLength)
            states[side] = .resync
            return
        }
        var message = HTTPMessageState(info: info, media: media, isRequest: head.isRequest, requestID: requestID,
                                       answersCMPRequest: answersCMP, headStreamOffset: headOffset,
                                       framing: framing, decided: media.isDeclaredCMP, cursor: headLength)
        if case .length(let length) = framing { message.declaredLength = length }
        message.trackFrames = !head.isRequest && answersCMP && (info.status ?? 0) >= 400
        message.headLength = headLength
        if message.trackFrames { message.head = Array(buffer.readable.prefix(headLength)) }
        if head.bareLF {
            message.findings.append(Finding(.httpLineEndingBareLF, "HTTP header lines end with a bare LF", at: .stream(offset: headOffset)))
        }
        if upgrade {
            buffer.consume(headLength)
            states = [.opaque, .opaque]
            return
        }
        if message.isCMP, let length = message.declaredLength, length > UInt64(limits.maxPDUSize) {
            refuse(&message, &buffer, direction: direction, context: context, emit: emit)
        }
        states[side] = .body(message)
    }

    // MARK: - Bodies

    private enum Progress {
        case needMore
        case complete
        case malformed(String)
    }

    private mutating func advance(_ message: inout HTTPMessageState, _ buffer: inout StreamBuffer, direction: Direction,
                                  context: EnvelopeContext, emit: (CMPEnvelope) -> Void) -> Progress {
        while true {
            if message.keep && !message.decided { sniff(&message, &buffer, complete: false) }
            let available = Swift.max(0, buffer.readableBytes - message.cursor)
            switch message.framing {
            case .length(let remaining):
                let take = Int(clamping: Swift.min(UInt64(available), remaining))
                takeBody(&message, &buffer, take, direction: direction, context: context, emit: emit)
                message.framing = .length(remaining: remaining - UInt64(take))
                if remaining == UInt64(take) { return .complete }
                return .needMore
            case .closeDelimited:
                takeBody(&message, &buffer, available, direction: direction, context: context, emit: emit)
                return .needMore
            case .chunked(.data(let remaining)):
                let take = Int(clamping: Swift.min(UInt64(available), remaining))
                takeBody(&message, &buffer, take, direction: direction, context: context, emit: emit)
                if remaining > UInt64(take) {
                    message.framing = .chunked(.data(remaining: remaining - UInt64(take)))
                    return .needMore
                }
                message.framing = .chunked(.dataEnd)
            case .chunked(.dataEnd):
                guard let first = buffer.peek(at: message.cursor) else { return .needMore }
                if first == 0x0A {
                    stepOver(&message, &buffer, 1)
                } else if first == 0x0D {
                    guard let second = buffer.peek(at: message.cursor + 1) else { return .needMore }
                    guard second == 0x0A else { return .malformed("chunk data not followed by CRLF") }
                    stepOver(&message, &buffer, 2)
                } else {
                    return .malformed("chunk data not followed by CRLF")
                }
                message.framing = .chunked(.size)
            case .chunked(.size):
                guard let line = nextLine(buffer, from: message.cursor) else {
                    return available > Self.maxChunkLine ? .malformed("chunk-size line too long") : .needMore
                }
                guard line.count <= Self.maxChunkLine else { return .malformed("chunk-size line too long") }
                guard let size = chunkSize(buffer, line.content) else { return .malformed("invalid chunk size") }
                stepOver(&message, &buffer, line.count)
                message.framing = size == 0 ? .chunked(.trailers) : .chunked(.data(remaining: size))
            case .chunked(.trailers):
                guard let line = nextLine(buffer, from: message.cursor) else {
                    return message.trailerBytes + available > limits.maxHTTPHeaderBytes ? .malformed("trailer section too large") : .needMore
                }
                message.trailerBytes += line.count
                guard message.trailerBytes <= limits.maxHTTPHeaderBytes else { return .malformed("trailer section too large") }
                stepOver(&message, &buffer, line.count)
                if line.content.isEmpty { return .complete }
            }
        }
    }

    /// The line at `from` (relative to the reader): its content without CR/LF, and its length with them.
    private func nextLine(_ buffer: StreamBuffer, from start: Int) -> (content: Range<Int>, count: Int)? {
        buffer.readable.withUnsafeBytes { bytes in
            guard start < bytes.count, let lf = bytes[start...].firstIndex(of: 0x0A) else { return nil }
            var end = lf
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            return (start..<end, lf + 1 - start)
        }
    }

    /// Hex digits before any extension (`;`) or whitespace, without overflow: a 2^64 size is malformed.
    private func chunkSize(_ buffer: StreamBuffer, _ range: Range<Int>) -> UInt64? {
        buffer.readable.withUnsafeBytes { bytes in
            var value: UInt64 = 0
            var digits = 0
            for index in range {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                case 0x3B, 0x20, 0x09:
                    return digits > 0 ? value : nil
                default:
                    return nil
                }
                guard value >> 60 == 0 else { return nil }
                value = value << 4 | UInt64(digit)
                digits += 1
            }
            return digits > 0 ? value : nil
        }
    }

    private mutating func takeBody(_ message: inout HTTPMessageState, _ buffer: inout StreamBuffer, _ count: Int,
                                   direction: Direction, context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        guard count > 0 else { return }
        if message.bodyStreamOffset == nil { message.bodyStreamOffset = buffer.readerOffset + UInt64(message.cursor) }
        message.bodyCount += UInt64(count)
        if message.keep {
            let range = message.cursor..<(message.cursor + count)
            if let last = message.bodyRanges.last, last.upperBound == range.lowerBound {
                message.bodyRanges[message.bodyRanges.count - 1] = last.lowerBound..<range.upperBound
            } else {
                message.bodyRanges.append(range)
            }
            message.cursor += count
            if !message.decided { sniff(&message, &buffer, complete: false) }
            let declaredTooLarge = message.decided && (message.declaredLength ?? 0) > UInt64(limits.maxPDUSize)
            if message.keep, declaredTooLarge || message.bodyCount > UInt64(limits.maxPDUSize)
                || message.cursor > limits.maxBufferedBytesPerDirection {
                if message.decided {
                    refuse(&message, &buffer, direction: direction, context: context, emit: emit)
                } else {
                    toSkip(&message, &buffer)
                }
            }
        } else {
            if message.trackFrames { message.addFrames(buffer.frames(forNext: count)) }
            buffer.consume(count)
        }
    }

    /// Framing bytes (chunk lines, CRLFs, trailers).
    private func stepOver(_ message: inout HTTPMessageState, _ buffer: inout StreamBuffer, _ count: Int) {
        if message.keep {
            message.cursor += count
        } else {
            if message.trackFrames { message.addFrames(buffer.frames(forNext: count)) }
            buffer.consume(count)
        }
    }

    /// Stop keeping the message: consume what was parsed, and consume the rest as it arrives.
    private func toSkip(_ message: inout HTTPMessageState, _ buffer: inout StreamBuffer) {
        guard message.keep else { return }
        if message.trackFrames { message.addFrames(buffer.frames(forNext: message.cursor)) }
        buffer.consume(message.cursor)
        message.cursor = 0
        message.keep = false
        message.bodyRanges = []
    }

    /// A CMP body over `Limits.maxPDUSize`: say so now (the body may never end) and skip it.
    private mutating func refuse(_ message: inout HTTPMessageState, _ buffer: inout StreamBuffer, direction: Direction,
                                 context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        let frames = buffer.frames(forNext: message.cursor)
        let size = message.declaredLength.map { "\($0)" } ?? "more than \(limits.maxPDUSize)"
        var findings = message.findings
        findings.append(Finding(.pduLimit, "HTTP body of \(size) bytes exceeds the limit of \(limits.maxPDUSize) bytes; skipped",
                                at: .stream(offset: message.headStreamOffset)))
        let labelled: Direction = message.isRequest ? .clientToServer : .serverToClient
        emit(context.envelope(.http(message.info), physical: direction, labelled: labelled, frames: frames,
                              streamOffset: message.headStreamOffset, pkiMessage: nil,
                              findings: takePending(direction) + findings, header: headBytes(message, buffer)))
        message.trackFrames = false
        toSkip(&message, &buffer)
    }

    /// The first body bytes, for the sniffer.
    private func bodyPrefix(_ message: HTTPMessageState, _ buffer: StreamBuffer) -> [UInt8] {
        var prefix: [UInt8] = []
        for range in message.bodyRanges {
            for offset in range {
                guard prefix.count < Self.sniffBytes, let byte = buffer.peek(at: offset) else { return prefix }
                prefix.append(byte)
            }
        }
        return prefix
    }

    /// Decides whether a body without a CMP media type is a DER PKIMessage (RFC 9811 §3.2 says it
    /// must be labelled; Wireshark's `http_alternate_port` exists because some are not).
    private func sniff(_ message: inout HTTPMessageState, _ buffer: inout StreamBuffer, complete: Bool) {
        guard message.keep, !message.decided else { return }
        let prefix = bodyPrefix(message, buffer)
        var verdict = prefix.withUnsafeBytes { DERProbe.pkiMessageShape($0, total: message.declaredLength) }
        if verdict == .needMore && complete { verdict = .no }
        switch verdict {
        case .needMore: return
        case .no: toSkip(&message, &buffer)
        case .yes:
            if complete, message.declaredLength == nil {
                let filled = prefix.withUnsafeBytes { DERProbe.sequenceLength($0) } == message.bodyCount
                guard filled else {
                    toSkip(&message, &buffer)
                    return
                }
            }
            message.decided = true
        }
    }

    // MARK: - Completion

    private mutating func complete(_ message: HTTPMessageState, _ buffer: inout StreamBuffer, direction: Direction,
                                   context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        var message = message
        if message.keep && !message.decided { sniff(&message, &buffer, complete: true) }
        if message.isCMP, message.declaredLength == nil, !message.media.isDeclaredCMP {
            // A sniffed chunked or close-delimited body: its DER length must fill it exactly.
            let prefix = bodyPrefix(message, buffer)
            if prefix.withUnsafeBytes({ DERProbe.sequenceLength($0) }) != message.bodyCount { toSkip(&message, &buffer) }
        }
        if message.isCMP && message.bodyCount > 0 {
            emitCMP(message, &buffer, extra: nil, direction: direction, context: context, emit: emit)
            return
        }
        if message.keep {
            if message.trackFrames { message.addFrames(buffer.frames(forNext: message.cursor)) }
            buffer.consume(message.cursor)
        }
        if message.isRequest, message.isCMP { markRequest(message, frame: message.frames.last?.number) }
        if !message.isRequest, message.answersCMPRequest, let status = message.info.status, status >= 400 {
            let labelled = Direction.serverToClient
            var findings = takePending(direction) + message.findings
            findings.append(Finding(.httpStatusErrorWithoutCMP, "CMP request answered by HTTP \(status) without a PKIMessage",
                                    at: .stream(offset: message.headStreamOffset)))
            emit(context.envelope(.http(message.info), physical: direction, labelled: labelled, frames: message.frames,
                                  streamOffset: message.headStreamOffset, pkiMessage: nil, findings: findings,
                                  header: message.head))
        }
    }

    /// A message cut by a gap or by the end of the connection: a CMP body goes out with what arrived.
    private mutating func flush(_ message: inout HTTPMessageState, _ buffer: inout StreamBuffer, finding: Finding,
                                direction: Direction, context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        if message.keep && !message.decided { sniff(&message, &buffer, complete: true) }
        if message.isCMP {
            emitCMP(message, &buffer, extra: finding, direction: direction, context: context, emit: emit)
        } else if finding.code == .tcpGap {
            pending[direction.rawValue].append(finding)
        }
    }

    private mutating func emitCMP(_ message: HTTPMessageState, _ buffer: inout StreamBuffer, extra: Finding?,
                                  direction: Direction, context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        let frames = buffer.frames(forNext: message.cursor)
        var header = headBytes(message, buffer)
        var body: [UInt8] = []
        body.reserveCapacity(Int(clamping: message.bodyCount))
        buffer.readable.withUnsafeBytes { bytes in
            for range in message.bodyRanges where range.upperBound <= bytes.count {
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
            }
        }
        buffer.consume(message.cursor)
        let info = message.info
        var findings = takePending(direction) + message.findings
        let at = FindingLocation.stream(offset: message.headStreamOffset)
        if info.version == "1.0" { findings.append(Finding(.httpVersion10, "HTTP/1.0", at: at)) }
        switch message.media {
        case .legacy: findings.append(Finding(.httpContentTypeLegacy, "legacy media type \(info.contentType ?? "")", at: at))
        case .poll: findings.append(Finding(.httpContentTypePoll, "media type \(info.contentType ?? "")", at: at))
        case .missing: findings.append(Finding(.httpContentTypeMissing, "PKIMessage sent without a Content-Type", at: at))
        case .other: findings.append(Finding(.httpContentTypeWrong, "PKIMessage sent as \(info.contentType ?? "")", at: at))
        case .pkixcmp: break
        }
        if message.isRequest {
            if let method = info.method, method != "POST" {
                findings.append(Finding(.httpMethodNotPost, "CMP request sent with \(method)", at: at))
            }
            markRequest(message, frame: frames.last?.number)
        } else if let status = info.status {
            if (201..<300).contains(status) {
                findings.append(Finding(.httpStatusNot200, "CMP response with HTTP status \(status)", at: at))
            } else if status >= 400 {
                findings.append(Finding(.httpStatusErrorWithCMP, "HTTP status \(status) carrying a PKIMessage", at: at))
            }
        }
        if let extra { findings.append(extra) }
        let bodyOffset = message.bodyStreamOffset ?? message.headStreamOffset
        var transport = TransportInfo.http(info)
        var pkiMessage: [UInt8]? = body.isEmpty ? nil : body
        var messageOffset = bodyOffset
        if message.media == .poll, let pdu = Self.framedPoll(body, fromServer: !message.isRequest, at: bodyOffset,
                                                              complete: extra == nil) {
            transport = .tcpMessaging(pdu.info, http: info)
            pkiMessage = pdu.pkiMessage
            messageOffset = bodyOffset + UInt64(pdu.messageOffset)
            let pduHeader = body.withUnsafeBytes { TCPMessagingPDU.headerLength($0) } ?? 0
            header = header.map { $0 + body.prefix(pduHeader) }
            findings += pdu.findings
        }
        let labelled: Direction = message.isRequest ? .clientToServer : .serverToClient
        emit(context.envelope(transport, physical: direction, labelled: labelled, frames: frames,
                              streamOffset: messageOffset, pkiMessage: pkiMessage, findings: findings, header: header))
    }

    /// The head of a message still kept in the buffer (start line through the blank line), for `-x`.
    private func headBytes(_ message: HTTPMessageState, _ buffer: StreamBuffer) -> [UInt8]? {
        guard message.keep, message.headLength > 0, message.headLength <= buffer.readableBytes else { return message.head }
        return Array(buffer.readable.prefix(message.headLength))
    }

    /// A `-poll` body that parses as a TCP-Messaging PDU whose length fills the body (Wireshark's
    /// reading); anything else is taken as a bare PKIMessage (RFC 9811 §4's reading).
    static func framedPoll(_ body: [UInt8], fromServer: Bool, at offset: UInt64, complete: Bool) -> TCPMessagingPDU? {
        body.withUnsafeBytes { bytes in
            guard bytes.count >= 5, bytes[0] != 0x30, let length = TCPMessagingPDU.readUInt32(bytes, at: 0),
                  bytes[4] <= 6 || bytes[4] == 10 else { return nil }
            if complete { guard UInt64(length) + 4 == UInt64(bytes.count) else { return nil } }
            guard let headerLength = TCPMessagingPDU.headerLength(bytes), bytes.count >= headerLength else { return nil }
            return TCPMessagingPDU.decode(bytes, fromServer: fromServer, streamOffset: offset, complete: complete)
        }
    }

    private mutating func markRequest(_ message: HTTPMessageState, frame: Int?) {
        guard let id = message.requestID, let index = requests.firstIndex(where: { $0.id == id }) else { return }
        requests[index].isCMP = true
        if let frame { requests[index].frame = frame }
    }

    // MARK: - Findings and resynchronisation

    private mutating func malformed(_ direction: Direction, _ why: String, at offset: UInt64) {
        pending[direction.rawValue].append(Finding(.httpMalformed, why, at: .stream(offset: offset)))
    }

    private mutating func takePending(_ direction: Direction) -> [Finding] {
        let taken = pending[direction.rawValue]
        if !taken.isEmpty { pending[direction.rawValue] = [] }
        return taken
    }

    /// Skips to the next HTTP request or status line start; true when the reader stands on one. Not
    /// only at line starts: after a gap the next message often follows the cut body's tail directly.
    private func resync(_ buffer: inout StreamBuffer) -> Bool {
        let (skip, found) = buffer.readable.withUnsafeBytes { bytes -> (Int, Bool) in
            for start in 0..<bytes.count {
                switch MessageStartProbe.http(bytes, at: start) {
                case .yes: return (start, true)
                case .needMore: return (start, false)
                case .no: continue
                }
            }
            return (bytes.count, false)
        }
        buffer.consume(skip)
        return found
    }
}
