import CMPCore
import CPcap

/// Frames from a live interface (libpcap `pcap_create` / `pcap_activate`).
///
/// Immediate mode is on so a CMP exchange shows up as it happens rather than when the kernel
/// buffer fills. The filter runs in the kernel (`pcap_setfilter`), so frame numbers count the
/// frames delivered, as tshark numbers a live capture with `-f`. Nanosecond timestamps are asked
/// for; where the platform cannot give them, microseconds are scaled.
public final class PcapLiveSource: FrameSource {
    public let interface: String
    public let linkType: LinkType
    public private(set) var framesDelivered = 0
    private let handle: OpaquePointer
    private let nanosecondTimestamps: Bool
    private var finished = false

    /// - Parameters:
    ///   - promiscuous: false for tshark's `-p`.
    ///   - bufferTimeoutMilliseconds: how long a read waits before `nextFrame` looks again (it
    ///     keeps waiting; the timeout only bounds how late `stop()` takes effect on platforms where
    ///     breaking a blocked read needs it).
    public init(
        interface: String, filter: String? = nil, promiscuous: Bool = true, snapLength: Int32 = 262_144,
        bufferTimeoutMilliseconds: Int32 = 250
    ) throws {
        self.interface = interface
        var errorBuffer = ErrorBuffer.make()
        guard let created = pcap_create(interface, &errorBuffer) else {
            throw CaptureError(kind: .cannotOpen, path: interface, message: ErrorBuffer.string(errorBuffer))
        }
        _ = pcap_set_snaplen(created, snapLength)
        _ = pcap_set_promisc(created, promiscuous ? 1 : 0)
        _ = pcap_set_immediate_mode(created, 1)
        _ = pcap_set_timeout(created, bufferTimeoutMilliseconds)
        _ = pcap_set_tstamp_precision(created, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let status = pcap_activate(created)
        if status < 0 {
            let detail = String(cString: pcap_geterr(created))
            let generic = String(cString: pcap_statustostr(status))
            let message = detail.isEmpty ? generic : detail
            pcap_close(created)
            throw Self.activationError(status: status, interface: interface, message: message)
        }
        if let filter, !filter.isEmpty {
            var network: UInt32 = 0, netmask: UInt32 = 0
            if pcap_lookupnet(interface, &network, &netmask, &errorBuffer) != 0 { netmask = PCAP_NETMASK_UNKNOWN }
            var program = try BPFProgram.compile(filter, handle: created, netmask: netmask, path: interface)
            let applied = pcap_setfilter(created, &program)
            pcap_freecode(&program)
            if applied != 0 {
                let message = String(cString: pcap_geterr(created))
                pcap_close(created)
                throw CaptureError(kind: .badFilter, path: interface, message: "\(filter): \(message)")
            }
        }
        handle = created
        linkType = LinkType(rawValue: pcap_datalink(created))
        nanosecondTimestamps = pcap_get_tstamp_precision(created) == Int32(PCAP_TSTAMP_PRECISION_NANO)
    }

    deinit { pcap_close(handle) }

    /// Blocks until a frame arrives; nil after `stop()`.
    public func nextFrame() throws -> Frame? {
        guard !finished else { return nil }
        while true {
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let status = pcap_next_ex(handle, &header, &data)
            if status == 0 { continue }  // buffer timeout with nothing captured
            if status == PCAP_ERROR_BREAK {
                finished = true
                return nil
            }
            guard status == 1, let header, let data else {
                finished = true
                throw CaptureError(kind: .readError, path: interface, message: String(cString: pcap_geterr(handle)),
                                   packetNumber: framesDelivered + 1)
            }
            var record = header.pointee
            if !nanosecondTimestamps { record.ts.tv_usec = record.ts.tv_usec &* 1000 }
            framesDelivered += 1
            return PcapFileSource.frame(header: record, data: data, number: framesDelivered, linkType: linkType)
        }
    }

    /// Makes a blocked or later `nextFrame` return nil. libpcap documents `pcap_breakloop` as safe
    /// from another thread or a signal handler; the stopper must not outlive the source.
    public var stopper: LiveCaptureStopper { LiveCaptureStopper(handle: handle) }

    /// Packets the kernel received and dropped (buffer full), for the end-of-capture statistics.
    public func statistics() -> (received: Int, dropped: Int, interfaceDropped: Int)? {
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return nil }
        return (Int(stats.ps_recv), Int(stats.ps_drop), Int(stats.ps_ifdrop))
    }

    static func activationError(status: Int32, interface: String, message: String) -> CaptureError {
        switch status {
        case PCAP_ERROR_NO_SUCH_DEVICE:
            return CaptureError(kind: .noSuchInterface, path: interface,
                                message: message + " (cmpdissect -D lists the interfaces)")
        case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
            return CaptureError(kind: .permissionDenied, path: interface,
                                message: message + " (live capture needs root or CAP_NET_RAW and CAP_NET_ADMIN,"
                                    + " e.g. sudo setcap cap_net_raw,cap_net_admin=eip cmpdissect)")
        case PCAP_ERROR_IFACE_NOT_UP:
            return CaptureError(kind: .interfaceDown, path: interface,
                                message: message + " (bring it up first, e.g. ip link set \(interface) up)")
        default:
            return CaptureError(kind: .cannotOpen, path: interface, message: message)
        }
    }
}
