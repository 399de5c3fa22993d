import CMPCapture
import CMPCore
import CMPDissector
import CMPMessages
import CMPPacket
import CMPReassembly
import CMPTransport

/// Receives each dissected message with the capture's time origin (its first frame's timestamp).
public typealias MessageHandler = (_ message: DissectedMessage, _ captureStart: Timestamp?) -> Void

/// Sees every frame after the pipeline has processed it (while its bytes are still valid), with
/// the TCP connection it belongs to, if any: what `-w` and the progress line need.
public typealias FrameObserver = (_ frame: Frame, _ flow: FlowKey?) -> Void

/// The whole pipeline for one input: frames in, `DissectedMessage`s out, in the order of the frames
/// that completed them (DESIGN.md). Synchronous and deterministic: the same frames always give the
/// same messages, whether they come from a file, an interface or memory.
public struct CaptureDissector {
    public let options: PipelineOptions
    private var packetDecoder: PacketDecoder
    private var reassembler: TCPReassembler
    private var consumer: TransportConsumer
    private let messageDecoder: CMPSummaryDecoder
    /// Per-message rules, protection verification and transaction tracking (CMPAnalysis).
    private var analyzer: CMPAnalyzer
    private let treeBuilder: MessageTreeBuilder
    private var emitted = 0

    /// Timestamp of the first frame: the origin of relative times.
    public private(set) var captureStart: Timestamp?
    public private(set) var framesSeen = 0
    /// Frames the packet decoder could not decode (kept short: the first few, for diagnostics).
    public private(set) var packetErrors: [(frame: Int, error: PacketError)] = []
    public private(set) var packetErrorCount = 0
    /// The connection of the frame processed last (nil when it was not TCP), for `-w`.
    public private(set) var lastFrameFlow: FlowKey?
    /// Findings no message carried (see `UnattachedFindings`).
    public var unattachedFindings: UnattachedFindings { consumer.unattached }

    public init(options: PipelineOptions = PipelineOptions()) {
        self.options = options
        packetDecoder = PacketDecoder(limits: options.limits)
        reassembler = TCPReassembler(limits: options.limits)
        consumer = TransportConsumer(options: options)
        messageDecoder = CMPSummaryDecoder(limits: options.limits)
        var treeBuilder = MessageTreeBuilder(limits: options.limits)
        treeBuilder.keepsFullValues = options.treeFullValues
        self.treeBuilder = treeBuilder
        analyzer = CMPAnalyzer(options: options.analysis)
    }

    /// Every transaction seen so far, with its latest state (for `-z cmp,tx` without the messages).
    public var transactions: [TransactionRef] { analyzer.transactions }

    public var report: DissectionReport {
        DissectionReport(framesSeen: framesSeen, messages: emitted, packetErrorCount: packetErrorCount,
                         unattachedFindings: consumer.unattached)
    }

    /// True once `-c N` messages have been emitted.
    public var isDone: Bool {
        guard let max = options.maxMessages else { return false }
        return emitted >= max
    }

    public mutating func process(_ frame: Frame, emit: MessageHandler) {
        guard !isDone else { return }
        frameOnly(frame)
        drain(emit: emit)
    }

    /// Stage 1 alone: packet decoding, reassembly and transport framing; the envelopes completed
    /// wait in the consumer's queue.
    private mutating func frameOnly(_ frame: Frame) {
        framesSeen += 1
        if captureStart == nil { captureStart = frame.timestamp }
        lastFrameFlow = nil
        switch packetDecoder.decode(frame) {
        case .tcp(let segment):
            lastFrameFlow = segment.flowKey
            reassembler.ingest(segment, into: &consumer)
        case .fragmentHeld, .notTCP:
            break
        case .malformed(let error):
            packetErrorCount += 1
            if packetErrors.count < 16 { packetErrors.append((frame.number, error)) }
        }
    }

    /// The first stage of `TwoStageReader`: takes a frame through packet decoding, reassembly and
    /// transport framing and returns the envelopes it completed, not yet decoded.
    mutating func framedEnvelopes(_ frame: Frame) -> [CMPEnvelope] {
        frameOnly(frame)
        return takeReady()
    }

    /// The first stage's end of input (as `finish`, without decoding).
    mutating func finishedEnvelopes() -> [CMPEnvelope] {
        reassembler.finish(into: &consumer)
        consumer.ready.sort { ($0.completingFrame?.number ?? 0) < ($1.completingFrame?.number ?? 0) }
        return takeReady()
    }

    private mutating func takeReady() -> [CMPEnvelope] {
        guard !consumer.ready.isEmpty else { return [] }
        let envelopes = consumer.ready
        consumer.ready.removeAll(keepingCapacity: true)
        return envelopes
    }

    /// The second stage of `TwoStageReader`: analyses messages another dissector framed and
    /// prepared, and emits them, numbered in order, up to `-c`.
    mutating func emitPrepared(_ messages: [PreparedMessage], captureStart start: Timestamp?, emit: MessageHandler) {
        if captureStart == nil { captureStart = start }
        for message in messages where !isDone {
            analyzeAndEmit(message, emit: emit)
        }
    }

    /// End of input: flushes every connection (close-delimited bodies complete, cut PDUs are
    /// reported incomplete). Messages completed here are emitted in frame order too.
    public mutating func finish(emit: MessageHandler) {
        reassembler.finish(into: &consumer)
        consumer.ready.sort { ($0.completingFrame?.number ?? 0) < ($1.completingFrame?.number ?? 0) }
        drain(emit: emit)
    }

    /// Reads `source` to its end (or to `-c`), then flushes. A read error is thrown after everything
    /// decoded before it has been emitted, so the caller prints the partial output first.
    public mutating func run(_ source: inout some FrameSource, emit: MessageHandler) throws {
        try run(&source, observe: nil, emit: emit)
    }

    /// `run`, calling `observe` after each frame has been processed.
    public mutating func run(_ source: inout some FrameSource, observe: FrameObserver?, emit: MessageHandler) throws {
        do {
            while !isDone, let frame = try source.nextFrame() {
                process(frame, emit: emit)
                observe?(frame, lastFrameFlow)
            }
        } catch {
            finish(emit: emit)
            throw error
        }
        finish(emit: emit)
    }

    /// PKIMessages read from files (DER, PEM, base64): transport `file`, numbered from 1.
    public mutating func dissectFileMessages(_ messages: [[UInt8]], emit: MessageHandler) {
        for (index, der) in messages.enumerated() where !isDone {
            let envelope = CMPEnvelope(
                transport: .file, frames: [FrameRef(number: index + 1, timestamp: .zero)],
                streamOffset: 0, pkiMessage: der)
            emitDecoded(envelope, emit: emit)
        }
    }

    private mutating func drain(emit: MessageHandler) {
        guard !consumer.ready.isEmpty else { return }
        let envelopes = consumer.ready
        consumer.ready.removeAll(keepingCapacity: true)
        for envelope in envelopes where !isDone {
            emitDecoded(envelope, emit: emit)
        }
    }

    private mutating func emitDecoded(_ envelope: CMPEnvelope, emit: MessageHandler) {
        analyzeAndEmit(prepare(envelope), emit: emit)
    }

    /// Everything about one message that needs no earlier message (see `PreparedMessage`); with
    /// `decode` false only the envelope, for the other stage to decode.
    func prepare(_ envelope: CMPEnvelope, decode: Bool = true) -> PreparedMessage {
        var prepared = PreparedMessage(envelope: envelope, findings: envelope.findings)
        if decode { self.decode(&prepared) }
        return prepared
    }

    private func decode(_ prepared: inout PreparedMessage) {
        prepared.isDecoded = true
        guard let der = prepared.envelope.pkiMessage else { return }
        let decoded = messageDecoder.decodeKeepingParse(der)
        prepared.summary = decoded.summary
        prepared.findings += decoded.findings
        // The analyzer's findings join the message after these, when it is analysed in order.
        prepared.examination = analyzer.examine(prepared.envelope, summary: decoded.summary, parsed: decoded.root)
        // The tree walker names what DER forbids (BER lengths, constructed strings, a wrong tagging
        // form): with -V for every message, without it for the messages the typed model did not take
        // (DER ones have none of it, and the walk is the expensive part), so the summary line and
        // JSON report BER too. The tree's findings join the summary's, without repeats.
        // (A message past the element budget is a TLV bomb, not BER worth naming: without -V it
        // does not get a tree, which would triple the memory it takes.)
        guard options.buildTree || (!decoded.isTyped && DERElementBudget.allows(der[...])) else { return }
        let built = treeBuilder.build(der)
        if options.buildTree { prepared.tree = built.root }
        let known = prepared.findings
        prepared.findings += built.findings.filter { finding in
            finding.code != .asn1Malformed && !known.contains(finding)
                && !decoded.findings.contains { $0.code == finding.code }
                && (options.buildTree || Self.encodingCodes.contains(finding.code))
        }
    }

    /// The tree's findings a summary reports without -V: how the bytes break DER. (`tree.limit` is
    /// about the tree shown, `asn1.malformed` the summary reports itself.)
    static let encodingCodes: Set<FindingCode> = [
        .asn1BERIndefiniteLength, .asn1BERNonMinimalLength, .asn1BERConstructedString, .asn1WrongTagging,
    ]

    /// The in-order part: analysis, `-Y`, numbering and output.
    private mutating func analyzeAndEmit(_ prepared: PreparedMessage, emit: MessageHandler) {
        var prepared = prepared
        if !prepared.isDecoded { decode(&prepared) }
        // Every message is analysed (transactions need them all); `-Y` then decides what is shown,
        // so it can select on analysis findings too.
        var message = DissectedMessage(index: emitted + 1, envelope: prepared.envelope, summary: prepared.summary,
                                       findings: prepared.findings, tree: prepared.tree)
        analyzer.analyze(&message, examined: prepared.examination)
        if let filter = options.displayFilter, !filter.matches(message) { return }
        emitted += 1
        emit(message, captureStart)
    }
}
