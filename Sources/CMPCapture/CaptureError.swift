/// Why a capture could not be opened or read to its end.
public struct CaptureError: Error, CustomStringConvertible, Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The file (or device) could not be opened: missing, no permission, a directory, ….
        case cannotOpen
        /// Not pcap or pcapng: the caller may try the file as a DER/PEM PKIMessage.
        case notACapture
        /// The file ends inside a record (an interrupted capture); `byteOffset` is where that record starts.
        case truncated
        case badFilter
        /// A damaged record (e.g. a capture length beyond the snapshot length) or an I/O error.
        case readError
        /// Live capture: the interface does not exist.
        case noSuchInterface
        /// Live capture: not allowed (needs root or CAP_NET_RAW).
        case permissionDenied
        /// Live capture: the interface exists but is administratively down.
        case interfaceDown
        /// `-w`: the output capture could not be created or written.
        case cannotWrite
    }

    public var kind: Kind
    /// The file path ("-" for standard input) or interface name.
    public var path: String
    /// libpcap's message (or ours).
    public var message: String
    /// Offset in the file of the record that could not be read, when known (not for pipes).
    public var byteOffset: Int?
    /// 1-based number of the record that could not be read.
    public var packetNumber: Int?

    public init(kind: Kind, path: String, message: String, byteOffset: Int? = nil, packetNumber: Int? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.byteOffset = byteOffset
        self.packetNumber = packetNumber
    }

    /// `capture.pcap: truncated at byte 1234 (packet 17): truncated dump file; …`
    public var description: String {
        var text = path + ": "
        switch kind {
        case .cannotOpen: text += "cannot open"
        case .notACapture: text += "not a pcap or pcapng file"
        case .truncated: text += "truncated"
        case .badFilter: text += "bad capture filter"
        case .readError: text += "read error"
        case .noSuchInterface: text += "no such interface"
        case .permissionDenied: text += "permission denied"
        case .interfaceDown: text += "interface is down"
        case .cannotWrite: text += "cannot write"
        }
        if let byteOffset { text += " at byte \(byteOffset)" }
        if let packetNumber { text += " (packet \(packetNumber))" }
        return text + ": " + message
    }
}
