import CMPCapture
import CMPCore
import CMPOutput
import CMPPipeline
import Foundation

/// One input through the whole pipeline, recorded: every message as its summary line and JSON line,
/// with the frame being processed when it came out (nil: flushed at the end of input), and the
/// error that stopped the input. Driven like `CaptureDissector.run` but frame by frame, so the tests
/// can tell what was decoded before a damaged record.
struct PipelineRun {
    struct Emitted: Equatable {
        var summary: String
        var json: String
        /// The frame whose processing emitted the message; nil when emitted by the final flush.
        var duringFrame: Int?
    }

    var messages: [Emitted] = []
    var error: (any Error)?
    var frames = 0
    var elapsed: Duration = .zero

    var captureError: CaptureError? {
        (error as? CaptureError) ?? (error as? InputError)?.captureError
    }

    /// Messages emitted while frames before `frame` were processed: what no damage at `frame` may change.
    func emitted(before frame: Int) -> [Emitted] {
        messages.filter { ($0.duringFrame ?? .max) < frame }
    }

    /// Runs `bytes` as a file: a capture through libpcap and the pipeline, anything else through
    /// `InputDissection` (the DER/PEM/base64 fallback), exactly as the command line does.
    static func file(_ bytes: [UInt8], options: PipelineOptions = PipelineOptions()) -> PipelineRun {
        let path = scratchPath
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let clock = ContinuousClock()
        let start = clock.now
        var run = PipelineRun()
        do {
            let source = try PcapFileSource(path: path)
            run.drive(source, options: options)
        } catch let error as CaptureError where error.kind == .notACapture {
            run.dissectAsFile(path, options: options)
        } catch {
            run.error = error
        }
        run.elapsed = clock.now - start
        return run
    }

    private mutating func drive(_ source: PcapFileSource, options: PipelineOptions) {
        var dissector = CaptureDissector(options: options)
        var current: Int?
        var recorded = [Emitted]()
        let record: MessageHandler = { message, captureStart in
            recorded.append(Self.render(message, captureStart: captureStart, during: current))
        }
        do {
            while let frame = try source.nextFrame() {
                current = frame.number
                frames += 1
                dissector.process(frame, emit: record)
            }
        } catch {
            self.error = error
        }
        current = nil
        dissector.finish(emit: record)
        messages = recorded
    }

    private mutating func dissectAsFile(_ path: String, options: PipelineOptions) {
        var recorded = [Emitted]()
        do {
            try InputDissection.dissect(path: path, filter: nil, options: options) { message, captureStart in
                recorded.append(Self.render(message, captureStart: captureStart, during: nil))
            }
        } catch {
            self.error = error
        }
        messages = recorded
    }

    static func render(_ message: DissectedMessage, captureStart: Timestamp?, during frame: Int?) -> Emitted {
        let context = RenderContext(captureStart: captureStart)
        return Emitted(summary: SummaryLine.render(message, context: context),
                       json: MessageJSON.render(message, context: context), duringFrame: frame)
    }

    /// One scratch file per process: the tests of this target run serially.
    static let scratchPath: String = {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (directory as NSString).appendingPathComponent("cmpdissect-robustness-\(ProcessInfo.processInfo.processIdentifier)")
    }()
}
