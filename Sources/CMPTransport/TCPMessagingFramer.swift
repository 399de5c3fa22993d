import CMPCore

/// Frames both directions of a TCP-Messaging connection (RFC 2510 §5.2 and the version-10 draft form).
///
/// A PDU stays in the `StreamBuffer` until complete, so the reassembler's memory accounting covers
/// it; a length over `Limits.maxPDUSize` (a 4 GiB length is one hostile header away) is refused
/// before anything is buffered, and the framer resynchronises on the next plausible header.
struct TCPMessagingFramer {
    private var resyncing = [false, false]
    /// Findings waiting for the next envelope of a direction (a gap between PDUs).
    var pending: [[Finding]] = [[], []]
    let limits: Limits

    init(limits: Limits) {
        self.limits = limits
    }

    mutating func receive(_ buffer: inout StreamBuffer, direction: Direction, context: EnvelopeContext,
                          emit: (CMPEnvelope) -> Void) {
        let side = direction.rawValue
        while true {
            if resyncing[side] {
                guard resync(&buffer) else { return }
                resyncing[side] = false
            }
            let header = buffer.readable.withUnsafeBytes { bytes -> (TCPMessagingInfo, Int)? in
                guard let info = TCPMessagingPDU.headerInfo(bytes) else { return nil }
                return (info, info.framing == .v10 ? 7 : 5)
            }
            guard let (info, headerLength) = header else { return }
            let minimum: UInt32 = info.framing == .v10 ? 3 : 1
            if UInt64(info.length) > UInt64(Swift.max(0, limits.maxPDUSize)) || info.length < minimum {
                let finding = info.length < minimum
                    ? Finding(.tcpmsgLengthMismatch, "length \(info.length) is shorter than the header it must cover",
                              at: .stream(offset: buffer.readerOffset))
                    : Finding(.pduLimit, "TCP-Messaging length \(info.length) exceeds the limit of \(limits.maxPDUSize) bytes; skipped",
                              at: .stream(offset: buffer.readerOffset))
                refuse(&buffer, info: info, headerLength: headerLength, finding: finding, direction: direction,
                       context: context, emit: emit)
                continue
            }
            let total = 4 + Int(info.length)
            guard buffer.readableBytes >= total else { return }
            emitPDU(&buffer, count: total, extra: nil, direction: direction, context: context, emit: emit)
        }
    }

    /// A gap: a PDU in progress is emitted with what arrived; otherwise the finding waits.
    mutating func gap(_ buffer: inout StreamBuffer, direction: Direction, lostBytes: UInt64, context: EnvelopeContext,
                      emit: (CMPEnvelope) -> Void) {
        let side = direction.rawValue
        let finding = Finding(.tcpGap, "\(lostBytes) bytes not captured", at: .stream(offset: buffer.endOffset))
        if !resyncing[side], buffer.readableBytes >= 7 || (buffer.readableBytes >= 5 && buffer.peek(at: 4) != 10) {
            emitPDU(&buffer, count: buffer.readableBytes, extra: finding, direction: direction, context: context, emit: emit)
        } else {
            pending[side].append(finding)
        }
        buffer.discardReadable(thenSkip: lostBytes)
        resyncing[side] = true
    }

    mutating func finish(_ buffer: inout StreamBuffer, direction: Direction, context: EnvelopeContext,
                         emit: (CMPEnvelope) -> Void) {
        receive(&buffer, direction: direction, context: context, emit: emit)
        if !resyncing[direction.rawValue], !buffer.isEmpty {
            let finding = Finding(.tcpmsgIncomplete, "PDU cut off after \(buffer.readableBytes) bytes",
                                  at: .stream(offset: buffer.readerOffset))
            if buffer.readableBytes >= 5 {
                emitPDU(&buffer, count: buffer.readableBytes, extra: finding, direction: direction, context: context, emit: emit)
            } else {
                pending[direction.rawValue].append(finding)
            }
        }
        buffer.consume(buffer.readableBytes)
    }

    /// Emits the first `count` readable bytes as one PDU (complete unless `extra` says why not).
    private mutating func emitPDU(_ buffer: inout StreamBuffer, count: Int, extra: Finding?, direction: Direction,
                                  context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        let frames = buffer.frames(forNext: count)
        let offset = buffer.readerOffset
        var header: [UInt8] = []
        let decoded = buffer.readable.withUnsafeBytes {
            let pdu = UnsafeRawBufferPointer(rebasing: $0[0..<count])
            header = Array(pdu.prefix(TCPMessagingPDU.headerLength(pdu) ?? 0))
            return TCPMessagingPDU.decode(pdu, fromServer: direction == .serverToClient,
                                          streamOffset: offset, complete: extra == nil)
        }
        buffer.consume(count)
        guard let pdu = decoded else {
            if let extra { pending[direction.rawValue].append(extra) }
            return
        }
        var findings = takePending(direction) + pdu.findings
        if let extra { findings.append(extra) }
        emit(context.envelope(.tcpMessaging(pdu.info, http: nil), physical: direction, frames: frames,
                              streamOffset: offset + UInt64(pdu.messageOffset), pkiMessage: pdu.pkiMessage,
                              findings: findings, header: header))
    }

    private mutating func refuse(_ buffer: inout StreamBuffer, info: TCPMessagingInfo, headerLength: Int, finding: Finding,
                                 direction: Direction, context: EnvelopeContext, emit: (CMPEnvelope) -> Void) {
        let frames = buffer.frames(forNext: headerLength)
        let offset = buffer.readerOffset
        let header = Array(buffer.readable.prefix(headerLength))
        buffer.consume(Swift.min(headerLength, buffer.readableBytes))
        resyncing[direction.rawValue] = true
        emit(context.envelope(.tcpMessaging(info, http: nil), physical: direction, frames: frames, streamOffset: offset,
                              pkiMessage: nil, findings: takePending(direction) + [finding], header: header))
    }

    private mutating func takePending(_ direction: Direction) -> [Finding] {
        let taken = pending[direction.rawValue]
        if !taken.isEmpty { pending[direction.rawValue] = [] }
        return taken
    }

    /// Skips to the next plausible PDU header; true when the reader stands on one.
    private func resync(_ buffer: inout StreamBuffer) -> Bool {
        let maxPDUSize = limits.maxPDUSize
        let (skip, found) = buffer.readable.withUnsafeBytes { bytes -> (Int, Bool) in
            for start in 0..<bytes.count {
                switch MessageStartProbe.tcpMessaging(bytes, at: start, maxPDUSize: maxPDUSize) {
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
