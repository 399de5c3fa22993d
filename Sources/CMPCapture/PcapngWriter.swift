import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a pcapng file (draft-ietf-opsawg-pcapng) for `-w`: one Section Header Block, one
/// Interface Description Block per link type met (so several inputs with different link layers
/// share one file), one Enhanced Packet Block per frame with nanosecond timestamps
/// (`if_tsresol` = 9) and the frame's original length, so snapped frames stay marked as such.
///
/// Written little-endian; readers tell the byte order from the SHB's byte-order magic. "-" writes
/// to standard output, as `tshark -w -` does.
public final class PcapngWriter {
    public let path: String
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var interfaces: [LinkType: UInt32] = [:]
    private var block: [UInt8] = []
    private var failed = false
    public private(set) var framesWritten = 0

    /// The snap length each interface block declares: libpcap's largest, which keeps whole packets.
    static let snapLength: UInt32 = 262_144

    public init(path: String) throws {
        self.path = path
        if path == "-" {
            guard let stdout = fdopen(STDOUT_FILENO, "wb") else {
                throw CaptureError(kind: .cannotWrite, path: path, message: String(cString: strerror(errno)))
            }
            file = stdout
            ownsFile = false
        } else {
            guard let opened = fopen(path, "wb") else {
                throw CaptureError(kind: .cannotWrite, path: path, message: String(cString: strerror(errno)))
            }
            file = opened
            ownsFile = true
        }
        writeSectionHeader()
        try check()
    }

    deinit {
        if ownsFile { fclose(file) } else { fflush(file) }
    }

    /// Appends one frame. `bytes` is the captured part; `originalLength` its length on the wire.
    public func write(timestamp: Timestamp, linkType: LinkType, originalLength: Int, bytes: UnsafeRawBufferPointer) throws {
        let interface = interfaceID(for: linkType)
        let nanoseconds = UInt64(bitPattern: timestamp.totalNanoseconds)
        begin(type: 6)
        u32(interface)
        u32(UInt32(truncatingIfNeeded: nanoseconds >> 32))
        u32(UInt32(truncatingIfNeeded: nanoseconds))
        u32(UInt32(clamping: bytes.count))
        u32(UInt32(clamping: max(originalLength, bytes.count)))
        block.append(contentsOf: bytes)
        pad()
        end()
        framesWritten += 1
        try check()
    }

    public func write(_ frame: Frame) throws {
        try write(timestamp: frame.timestamp, linkType: frame.linkType, originalLength: frame.originalLength, bytes: frame.bytes)
    }

    /// Flushes; errors of the last buffered writes show up here.
    public func flush() throws {
        if fflush(file) != 0 { failed = true }
        try check()
    }

    /// Writes an interface block for `linkType` if the file has none yet: a pcapng without any
    /// (no CMP was found) is refused by libpcap ("no Interface Description Blocks"), while one
    /// with an interface and no packets is simply an empty capture.
    public func ensureInterface(_ linkType: LinkType) throws {
        guard interfaces.isEmpty else { return }
        _ = interfaceID(for: linkType)
        try check()
    }

    private func interfaceID(for linkType: LinkType) -> UInt32 {
        if let known = interfaces[linkType] { return known }
        let id = UInt32(interfaces.count)
        interfaces[linkType] = id
        begin(type: 1)
        u16(UInt16(truncatingIfNeeded: linkType.rawValue))
        u16(0)
        u32(Self.snapLength)
        option(code: 9, [9])  // if_tsresol: 10^-9 s
        u32(0)  // opt_endofopt
        end()
        return id
    }

    private func writeSectionHeader() {
        begin(type: 0x0A0D_0D0A)
        u32(0x1A2B_3C4D)
        u16(1); u16(0)
        u32(0xFFFF_FFFF); u32(0xFFFF_FFFF)  // section length: not given
        option(code: 4, Array("cmpdissect".utf8))  // shb_userappl
        u32(0)
        end()
    }

    private func option(code: UInt16, _ value: [UInt8]) {
        u16(code)
        u16(UInt16(value.count))
        block += value
        pad()
    }

    private func begin(type: UInt32) {
        block.removeAll(keepingCapacity: true)
        u32(type)
        u32(0)  // total length, patched by end()
    }

    /// Patches the total length into the header and repeats it as the trailer, then writes.
    private func end() {
        let total = UInt32(block.count + 4)
        withUnsafeBytes(of: total.littleEndian) { raw in
            for index in 0..<4 { block[4 + index] = raw[index] }
        }
        u32(total)
        let written = block.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != block.count { failed = true }
    }

    private func pad() { while block.count % 4 != 0 { block.append(0) } }
    private func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { block += $0 } }
    private func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { block += $0 } }

    private func check() throws {
        guard failed else { return }
        throw CaptureError(kind: .cannotWrite, path: path, message: String(cString: strerror(errno)))
    }
}
