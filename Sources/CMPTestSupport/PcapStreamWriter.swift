import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A classic pcap (microsecond, little-endian, Ethernet) written record by record, so a 1 GB
/// capture never has to be in memory: records gather in a 1 MiB buffer that is written to the file
/// when full. Without a file the whole capture stays in `bytes` (for tests).
public struct PcapStreamWriter {
    public private(set) var bytes: [UInt8] = []
    public private(set) var bytesWritten = 0
    public private(set) var framesWritten = 0
    private let file: UnsafeMutablePointer<FILE>?

    /// Opens `path` for writing (nil path: in memory). Throws when the file cannot be created.
    public init(path: String?, linkType: LinkType = .ethernet) throws(PcapStreamWriterError) {
        if let path {
            guard let handle = fopen(path, "wb") else { throw PcapStreamWriterError(path: path) }
            file = handle
        } else {
            file = nil
        }
        bytes.reserveCapacity(file == nil ? 1 << 16 : 1 << 20 + 65536)
        var w = ByteWriter(bigEndian: false)
        w.u32(0xA1B2_C3D4); w.u16(2); w.u16(4); w.u32(0); w.u32(0); w.u32(262_144)
        w.u32(UInt32(bitPattern: linkType.rawValue))
        append(w.bytes)
    }

    public mutating func write(timestamp: Timestamp, frame: [UInt8]) {
        var header = [UInt8](repeating: 0, count: 16)
        func put(_ value: UInt32, _ at: Int) {
            header[at] = UInt8(value & 0xFF); header[at + 1] = UInt8(value >> 8 & 0xFF)
            header[at + 2] = UInt8(value >> 16 & 0xFF); header[at + 3] = UInt8(value >> 24)
        }
        put(UInt32(truncatingIfNeeded: timestamp.seconds), 0)
        put(UInt32(truncatingIfNeeded: timestamp.nanoseconds / 1000), 4)
        put(UInt32(frame.count), 8); put(UInt32(frame.count), 12)
        append(header)
        append(frame)
        framesWritten += 1
    }

    /// Writes what is buffered and closes the file.
    public mutating func finish() {
        flush()
        if let file { fclose(file) }
    }

    private mutating func append(_ part: [UInt8]) {
        bytes.append(contentsOf: part)
        bytesWritten += part.count
        if file != nil && bytes.count >= 1 << 20 { flush() }
    }

    private mutating func flush() {
        guard let file else { return }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        bytes.removeAll(keepingCapacity: true)
    }
}

public struct PcapStreamWriterError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "cannot create \(path)" }
}
