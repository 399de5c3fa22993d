import CMPCapture
import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a capture file on two cores: a reading thread runs libpcap, packet decoding, reassembly
/// and transport framing; the calling thread runs the analysis, which follows transactions from
/// message to message, and the output. The per-message work that needs no state (summary, DER
/// parse, the analyzer's facts, rules and protection check, `-V` tree: `PreparedMessage`) goes to
/// whichever side has the time: the reader decodes a
/// message when the consumer is behind (`decodeBacklog` messages queued), else leaves it to the
/// consumer. How the work splits depends on the mode (`-V` trees are heavy, framing is the same)
/// and the traffic (the share of CMP), so it is balanced as it goes rather than fixed.
/// The output is the same as the one-thread `CaptureDissector.run`, in the same order: the
/// messages cross in a FIFO queue, and who decoded a message does not change what it says.
enum TwoStageReader {
    /// Messages queued between the threads at most; beyond this the reader waits for the consumer.
    static let queueCapacity = 512
    /// The queue's bound in `PreparedMessage.weight` (bytes, roughly): decoded messages hold their
    /// parse and tree, so the queue is a large part of the peak memory.
    static let queueWeight = 4 << 20
    /// Messages the reader gathers before handing them over.
    static let batchSize = 64
    /// Queued messages from which the reader decodes the messages it frames itself.
    static let decodeBacklog = 128

    /// Whether a second thread can help: more than one CPU online.
    static var isWorthwhile: Bool { sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 }

    /// Everything the reading thread owns, handed to it whole.
    private final class ReaderJob: @unchecked Sendable {
        var source: PcapFileSource
        var framing: CaptureDissector
        let channel: BatchChannel

        init(source: PcapFileSource, options: PipelineOptions, channel: BatchChannel) {
            self.source = source
            framing = CaptureDissector(options: options)
            self.channel = channel
        }

        func run() {
            var batch = [PreparedMessage]()
            var weight = 0
            var failure: (any Error)?
            var open = true
            var frames = 0
            do {
                // `-c` counts messages shown, which `-Y` may make fewer than the envelopes framed:
                // the decoding side says when it has enough, checked every 1,024 frames.
                while open, let frame = try source.nextFrame() {
                    frames &+= 1
                    if frames & 1023 == 0 && channel.isStopped { open = false }
                    let envelopes = framing.framedEnvelopes(frame)
                    guard !envelopes.isEmpty else { continue }
                    let decodeHere = channel.backlog >= TwoStageReader.decodeBacklog
                    for envelope in envelopes {
                        let prepared = framing.prepare(envelope, decode: decodeHere)
                        weight += prepared.weight
                        batch.append(prepared)
                    }
                    if batch.count >= TwoStageReader.batchSize || weight >= TwoStageReader.queueWeight / 8 {
                        open = channel.send(batch, weight: weight, captureStart: framing.captureStart)
                        batch.removeAll(keepingCapacity: true)
                        weight = 0
                    }
                }
            } catch {
                failure = error
            }
            if open {
                for envelope in framing.finishedEnvelopes() {
                    let prepared = framing.prepare(envelope)
                    weight += prepared.weight
                    batch.append(prepared)
                }
                if !batch.isEmpty { _ = channel.send(batch, weight: weight, captureStart: framing.captureStart) }
            }
            channel.finish(.init(report: framing.report, captureStart: framing.captureStart, error: failure))
        }
    }

    private final class ThreadBody {
        let job: ReaderJob
        init(_ job: ReaderJob) { self.job = job }
    }

    /// As `CaptureDissector.run`, but the reading error (if any) is returned with the report, after
    /// everything before it was emitted. nil when no thread could be started (read on one thread).
    static func run(_ source: PcapFileSource, options: PipelineOptions, emit: MessageHandler)
        -> (report: DissectionReport, error: (any Error)?)? {
        let channel = BatchChannel(capacity: queueCapacity, maxWeight: queueWeight)
        let job = ReaderJob(source: source, options: options, channel: channel)
        let context = Unmanaged.passRetained(ThreadBody(job)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let started = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().job.run()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        var decoding = CaptureDissector(options: options)
        var ending: BatchChannel.Ending?
        while ending == nil {
            let received = channel.receive()
            for batch in received.batches where !decoding.isDone {
                decoding.emitPrepared(batch, captureStart: received.captureStart, emit: emit)
            }
            if decoding.isDone { channel.stopConsuming() }
            ending = received.ending
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
        guard let ending else { return nil }
        var report = ending.report
        report.messages = decoding.report.messages
        return (report, ending.error)
    }

    /// `CMPDISSECT_THREADS=1` reads on one thread (for comparing, and for machines where the
    /// second thread only competes).
    static var isEnabled: Bool {
        if let value = getenv("CMPDISSECT_THREADS"), String(cString: value) == "1" { return false }
        return isWorthwhile
    }
}
