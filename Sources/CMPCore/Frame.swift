/// A libpcap link-layer header type (DLT_/LINKTYPE_ value), open so unknown types survive.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// DLT_NULL: BSD loopback, 4-byte address family in host byte order of the capturing machine.
    public static let null = LinkType(rawValue: 0)
    public static let ethernet = LinkType(rawValue: 1)
    /// DLT_RAW as libpcap reports it on most platforms (12) and LINKTYPE_RAW (101): raw IPv4/IPv6.
    public static let raw = LinkType(rawValue: 12)
    public static let linktypeRaw = LinkType(rawValue: 101)
    public static let ipv4 = LinkType(rawValue: 228)
    public static let ipv6 = LinkType(rawValue: 229)
    /// DLT_LOOP: OpenBSD loopback, address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    public static let linuxSLL = LinkType(rawValue: 113)
    public static let linuxSLL2 = LinkType(rawValue: 276)

    public var description: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .raw, .linktypeRaw: "RAW"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        case .loop: "LOOP"
        case .linuxSLL: "LINUX_SLL"
        case .linuxSLL2: "LINUX_SLL2"
        default: "DLT \(rawValue)"
        }
    }
}

/// What the rest of the pipeline remembers of a frame: its number and capture time.
public struct FrameRef: Hashable, Sendable {
    /// 1-based, as tshark numbers frames.
    public var number: Int
    public var timestamp: Timestamp

    public init(number: Int, timestamp: Timestamp) {
        self.number = number
        self.timestamp = timestamp
    }
}

/// One captured frame as a frame source hands it out.
///
/// `bytes` is **borrowed**: it points into the source's buffer (libpcap's, for files and live
/// capture) and is valid only until the source produces the next frame. Nothing downstream may keep
/// it; stages copy what they must keep (the reassembler, for buffered streams). This is what lets
/// the per-packet path run without allocating.
public struct Frame {
    public var ref: FrameRef
    public var linkType: LinkType
    /// Length on the wire; `bytes.count` is the captured (possibly snapped) length.
    public var originalLength: Int
    public var bytes: UnsafeRawBufferPointer

    public init(ref: FrameRef, linkType: LinkType, originalLength: Int, bytes: UnsafeRawBufferPointer) {
        self.ref = ref
        self.linkType = linkType
        self.originalLength = originalLength
        self.bytes = bytes
    }

    public var number: Int { ref.number }
    public var timestamp: Timestamp { ref.timestamp }
}
