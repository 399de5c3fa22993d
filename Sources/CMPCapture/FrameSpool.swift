import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Frames kept on disk until the end of an input, each with a caller's tag (for `-w`: the
/// connection it belongs to). Whether a connection carried CMP is known only once a message on it
/// completes, often many frames after its handshake, so frames cannot be written as they come;
/// memory would grow with the capture, a temporary file (`tmpfile`, unlinked from the start, so
/// nothing is left behind even on a crash) only with the disk.
///
/// Record: tag u32, link type i32, seconds i64, nanoseconds i32, original length u32,
/// captured length u32, bytes (host byte order: the file never leaves this process).
public final class FrameSpool {
    private let file: UnsafeMutablePointer<FILE>
    private var header = [UInt8](repeating: 0, count: FrameSpool.headerSize)
    private var failed = false
    public private(set) var count = 0

    static let headerSize = 28

    public init() throws {
        guard let opened = tmpfile() else {
            throw CaptureError(kind: .cannotWrite, path: "temporary file", message: String(cString: strerror(errno)))
        }
        file = opened
    }

    deinit { fclose(file) }

    public func append(_ frame: Frame, tag: UInt32) {
        header.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: tag, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: frame.linkType.rawValue, toByteOffset: 4, as: Int32.self)
            raw.storeBytes(of: frame.timestamp.seconds, toByteOffset: 8, as: Int64.self)
            raw.storeBytes(of: frame.timestamp.nanoseconds, toByteOffset: 16, as: Int32.self)
            raw.storeBytes(of: UInt32(clamping: frame.originalLength), toByteOffset: 20, as: UInt32.self)
            raw.storeBytes(of: UInt32(clamping: frame.bytes.count), toByteOffset: 24, as: UInt32.self)
        }
        var written = header.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if frame.bytes.count > 0 { written += fwrite(frame.bytes.baseAddress, 1, frame.bytes.count, file) }
        if written != Self.headerSize + frame.bytes.count { failed = true }
        count += 1
    }

    /// Reads every frame back in order, then empties the spool for the next input.
    public func replay(_ body: (_ tag: UInt32, _ frame: Frame) throws -> Void) throws {
        guard !failed else {
            throw CaptureError(kind: .cannotWrite, path: "temporary file", message: "spooling frames failed (disk full?)")
        }
        fflush(file)
        rewind(file)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var number = 0
        while fread(&header, 1, Self.headerSize, file) == Self.headerSize {
            let fields = header.withUnsafeBytes { raw in
                (raw.load(fromByteOffset: 0, as: UInt32.self), raw.load(fromByteOffset: 4, as: Int32.self),
                 raw.load(fromByteOffset: 8, as: Int64.self), raw.load(fromByteOffset: 16, as: Int32.self),
                 raw.load(fromByteOffset: 20, as: UInt32.self), Int(raw.load(fromByteOffset: 24, as: UInt32.self)))
            }
            if buffer.count < fields.5 { buffer = [UInt8](repeating: 0, count: fields.5) }
            guard fread(&buffer, 1, fields.5, file) == fields.5 else { break }
            number += 1
            try buffer.withUnsafeBytes { raw in
                let frame = Frame(
                    ref: FrameRef(number: number, timestamp: Timestamp(seconds: fields.2, nanoseconds: fields.3)),
                    linkType: LinkType(rawValue: fields.1), originalLength: Int(fields.4),
                    bytes: UnsafeRawBufferPointer(rebasing: raw[0..<fields.5]))
                try body(fields.0, frame)
            }
        }
        rewind(file)
        _ = ftruncate(fileno(file), 0)
        count = 0
    }
}
