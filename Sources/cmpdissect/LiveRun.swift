import CMPCapture
import CMPCore
import CMPPipeline
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stopper the signal handler reaches: a C signal handler cannot capture context, so it is a
/// global, set once before the handlers are installed and only read by them (`pcap_breakloop`
/// is async-signal-safe by libpcap's documentation).
nonisolated(unsafe) private var signalStopper: LiveCaptureStopper?

/// `-i`: opens the interface, stops cleanly on SIGINT, SIGTERM or `-a duration:S`, and runs the
/// live path of the pipeline. Messages stream as they complete.
enum LiveRun {
    /// True when the capture failed (the error has been printed).
    static func run(
        interface: String, filter: String?, promiscuous: Bool, duration: Double?, options: PipelineOptions,
        session: RunSession
    ) -> Bool {
        let source: PcapLiveSource
        do {
            source = try LiveDissection.open(interface: interface, filter: filter, promiscuous: promiscuous)
        } catch {
            CMPDissectCommand.printError(error.description)
            return true
        }
        // The stopper carries the bare libpcap handle: the source must outlive every way of
        // reaching it (signal handler, autostop timer), which are undone before it goes.
        return withExtendedLifetime(source) { capture(source, interface: interface, filter: filter, duration: duration,
                                                      options: options, session: session) }
    }

    private static func capture(
        _ source: PcapLiveSource, interface: String, filter: String?, duration: Double?, options: PipelineOptions,
        session: RunSession
    ) -> Bool {
        let stopper = source.stopper
        signalStopper = stopper
        let handler: @convention(c) (Int32) -> Void = { _ in signalStopper?.stop() }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        let timer = DispatchWorkItem { stopper.stop() }
        if let duration { DispatchQueue.global().asyncAfter(deadline: .now() + duration, execute: timer) }
        defer {
            timer.cancel()
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            signalStopper = nil
        }
        CMPDissectCommand.printError("capturing on \(interface)" + (filter.map { " (\($0))" } ?? ""))
        var failed = false
        do {
            let report = try LiveDissection.run(
                source, options: options, observe: { session.observe($0, flow: $1) },
                emit: { session.consume($0, captureStart: $1) })
            session.note(report)
        } catch {
            session.note(error.report)
            session.output.flush()
            CMPDissectCommand.printError(error.description)
            failed = true
        }
        // As tshark does at the end of a capture, on standard error so output stays clean.
        CMPDissectCommand.printError("\(source.framesDelivered) packets captured, \(session.messagesSeen) CMP message"
                                     + (session.messagesSeen == 1 ? "" : "s"))
        if let stats = source.statistics(), stats.dropped > 0 || stats.interfaceDropped > 0 {
            CMPDissectCommand.printError("\(stats.dropped) packets dropped by the kernel, \(stats.interfaceDropped) by the interface")
        }
        if !session.endInput() { failed = true }
        return failed
    }
}
