import CPcap

/// Stops a `PcapLiveSource` from another thread or a signal handler (Ctrl-C), via
/// `pcap_breakloop`, which libpcap makes safe for that use. Unchecked-Sendable because it only
/// carries the handle to that one call; it must not be used after its source is gone.
public struct LiveCaptureStopper: @unchecked Sendable {
    let handle: OpaquePointer

    public func stop() { pcap_breakloop(handle) }
}
