import CMPCapture
import CMPCore

/// `-i IFACE`: the live path. It shares every stage after the frame source with the file path
/// (`CaptureDissector`), so the same traffic gives the same output whether captured or read.
public enum LiveDissection {
    /// Opens `interface` with a snap length that keeps whole packets, immediate mode (messages
    /// show as they complete) and promiscuous mode unless `-p`. An interface that is listed but down
    /// is refused up front: on Linux libpcap activates a down interface and then sees nothing.
    public static func open(interface: String, filter: String?, promiscuous: Bool) throws(InputError) -> PcapLiveSource {
        if let listed = try? CaptureInterface.all().first(where: { $0.name == interface }), !listed.isUp {
            throw InputError(CaptureError(kind: .interfaceDown, path: interface,
                                          message: "bring it up first (e.g. ip link set \(interface) up), or pick another: cmpdissect -D"),
                             path: interface)
        }
        do {
            return try PcapLiveSource(interface: interface, filter: filter, promiscuous: promiscuous)
        } catch let error as CaptureError {
            throw InputError(error, path: interface)
        } catch {
            throw InputError(path: interface, message: "\(error)")
        }
    }

    /// Captures until the source is stopped (SIGINT, SIGTERM, `-a duration`) or `-c` messages
    /// have been emitted, then flushes pending streams: a message cut by the stop is reported as
    /// incomplete, exactly as at the end of a file.
    @discardableResult
    public static func run(
        _ source: PcapLiveSource, options: PipelineOptions, observe: FrameObserver? = nil, emit: MessageHandler
    ) throws(InputError) -> DissectionReport {
        var dissector = CaptureDissector(options: options)
        var frames = source
        do {
            try dissector.run(&frames, observe: observe, emit: emit)
        } catch let error as CaptureError {
            var failure = InputError(error, path: source.interface)
            failure.report = dissector.report
            throw failure
        } catch {
            throw InputError(path: source.interface, message: "\(error)")
        }
        return dissector.report
    }
}
