import CMPCore
import CPcap

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Frames from a pcap or pcapng file (either byte order, micro- or nanosecond timestamps) via
/// libpcap's offline reader; "-" reads standard input.
///
/// Timestamps are always nanoseconds: the file is opened with `PCAP_TSTAMP_PRECISION_NANO`, which
/// makes libpcap scale microsecond files up instead of nanosecond files down.
///
/// A capture filter is applied per record with `pcap_offline_filter` rather than `pcap_setfilter`,
/// so rejected records still count and frame numbers stay those of the file, as tshark shows them
/// (`tshark -r f -f` is not allowed; `-Y` keeps file numbering, and users compare with that).
public final class PcapFileSource: FrameSource {
    public let path: String
    public let linkType: LinkType
    /// Records read so far, including those the filter rejected: the number of the last frame.
    public private(set) var recordsRead = 0
    private let handle: OpaquePointer
    private var program: bpf_program
    private let filtered: Bool
    private var finished = false
    /// Where the next record starts, counted from the record lengths, for a classic pcap file (whose
    /// records follow its 24-byte header back to back); nil for pcapng (other blocks come between
    /// packets) and standard input, which ask the stream (`ftell`, a system call) instead. Only an
    /// error message needs it, but it must be known before the record that fails is read.
    private var countedOffset: Int?
    /// The stdio buffer of the file libpcap reads (see `openBuffered`), freed after the handle.
    private let readBuffer: UnsafeMutablePointer<CChar>?

    public init(path: String, filter: String? = nil) throws {
        self.path = path
        var errorBuffer = ErrorBuffer.make()
        let buffered = Self.openBuffered(path, &errorBuffer)
        readBuffer = buffered?.buffer
        guard let opened = buffered?.handle
                ?? pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer) else {
            let message = ErrorBuffer.string(errorBuffer)
            throw CaptureError(kind: Self.openFailureKind(message, path: path), path: path, message: message)
        }
        if let filter, !filter.isEmpty {
            do {
                program = try BPFProgram.compile(filter, handle: opened, netmask: PCAP_NETMASK_UNKNOWN, path: path)
            } catch {
                buffered?.buffer.deallocate()  // the handle, and with it the stream, is closed
                throw error
            }
            filtered = true
        } else {
            program = bpf_program()
            filtered = false
        }
        handle = opened
        linkType = LinkType(rawValue: pcap_datalink(opened))
        if path != "-", Self.startsWithClassicPcapMagic(path) { countedOffset = Self.classicHeaderLength }
    }

    /// A regular file opened with a 1 MiB stdio buffer (ours: glibc ignores the size unless it is
    /// given the memory), then handed to libpcap: libpcap's own `fopen` keeps the default 4 KiB one,
    /// and a 1 GB capture was 250,000 `read` calls. nil (the caller then lets libpcap open the file,
    /// and report what is wrong) for standard input, a file that cannot be opened, and anything
    /// libpcap does not take from the stream.
    private static func openBuffered(_ path: String, _ errorBuffer: inout [CChar])
        -> (handle: OpaquePointer, buffer: UnsafeMutablePointer<CChar>)? {
        var status = stat()
        guard path != "-", stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              let file = fopen(path, "rb") else { return nil }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: readBufferSize)
        guard setvbuf(file, buffer, _IOFBF, readBufferSize) == 0,
              let opened = pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer)
        else {
            fclose(file)  // libpcap closes the stream only with a handle it made
            buffer.deallocate()
            return nil
        }
        return (opened, buffer)
    }

    static let readBufferSize = 1 << 20

    /// pcap's file header (magic, versions, thiszone, sigfigs, snaplen, linktype).
    static let classicHeaderLength = 24
    /// pcap's record header (seconds, fraction, caplen, len).
    static let classicRecordHeaderLength = 16

    deinit {
        if filtered { pcap_freecode(&program) }
        pcap_close(handle)  // closes the stream, which may use readBuffer until then
        readBuffer?.deallocate()
    }

    public func nextFrame() throws -> Frame? {
        guard !finished else { return nil }
        while true {
            let recordOffset = currentOffset()
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let status = pcap_next_ex(handle, &header, &data)
            if status == PCAP_ERROR_BREAK {
                finished = true
                return nil
            }
            guard status == 1, let header, let data else {
                if status == 0 { continue }  // live-capture timeout; offline readers never return it
                finished = true
                let message = String(cString: pcap_geterr(handle))
                throw CaptureError(
                    kind: message.contains("truncated") ? .truncated : .readError, path: path, message: message,
                    byteOffset: recordOffset, packetNumber: recordsRead + 1)
            }
            recordsRead += 1
            if let offset = countedOffset {
                countedOffset = offset + Self.classicRecordHeaderLength + Int(header.pointee.caplen)
            }
            if filtered, pcap_offline_filter(&program, header, data) == 0 { continue }
            return Self.frame(header: header.pointee, data: data, number: recordsRead, linkType: linkType)
        }
    }

    /// A frame over libpcap's buffer; `ts.tv_usec` holds nanoseconds on a nanosecond-precision handle.
    ///
    /// The seconds are kept within 2^32 − 1 (2106-02-07T06:28:15Z, the end of the pcap format's own
    /// 32-bit field): libpcap turns a pcapng timestamp of 2^63 or more seconds (`if_tsresol` 10^0) into
    /// a negative `tv_sec` near `Int64.min`, and times that far out overflow the timestamp arithmetic
    /// downstream (regression: pcapng-timestamp-2p63-seconds.pcapng). Seconds below −2^31 (which
    /// pcap's signed 32-bit field cannot hold) can only be such a wrapped far-future time.
    static func frame(header: pcap_pkthdr, data: UnsafePointer<UInt8>, number: Int, linkType: LinkType) -> Frame {
        let bound = Int64(UInt32.max)
        let raw = Int64(header.ts.tv_sec)
        let seconds = raw < Int64(Int32.min) ? bound : Swift.min(raw, bound)
        let timestamp = Timestamp(seconds: seconds, nanoseconds: Int32(clamping: header.ts.tv_usec))
        return Frame(
            ref: FrameRef(number: number, timestamp: timestamp), linkType: linkType, originalLength: Int(header.len),
            bytes: UnsafeRawBufferPointer(start: data, count: Int(header.caplen)))
    }

    /// The read position in the file, or nil when it cannot be known (standard input from a pipe).
    private func currentOffset() -> Int? {
        if let countedOffset { return countedOffset }
        guard let file = pcap_file(handle) else { return nil }
        let position = ftell(file)
        return position >= 0 ? Int(position) : nil
    }

    /// libpcap's open-time messages: "unknown file format" for a file that is neither pcap nor
    /// pcapng; "truncated dump file" when the file is shorter than a file header, which for a file
    /// without a capture magic (a tiny text or DER file) also means "not a capture".
    static func openFailureKind(_ message: String, path: String) -> CaptureError.Kind {
        if message.contains("unknown file format") { return .notACapture }
        if message.contains("truncated") {
            return path != "-" && !startsWithCaptureMagic(path) ? .notACapture : .truncated
        }
        return .cannotOpen
    }

    /// pcap magics in both byte orders (micro a1b2c3d4, nano a1b23c4d).
    static let classicMagics: [[UInt8]] = [
        [0xA1, 0xB2, 0xC3, 0xD4], [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D], [0x4D, 0x3C, 0xB2, 0xA1],
    ]
    /// The pcapng Section Header Block type.
    static let pcapngMagic: [UInt8] = [0x0A, 0x0D, 0x0D, 0x0A]

    /// pcap magics in both byte orders and the pcapng SHB type.
    static func startsWithCaptureMagic(_ path: String) -> Bool {
        guard let magic = firstFourBytes(path) else { return false }
        return classicMagics.contains(magic) || magic == pcapngMagic
    }

    /// Only for a regular file: reading a FIFO's first bytes again would take them from libpcap.
    static func startsWithClassicPcapMagic(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        return firstFourBytes(path).map(classicMagics.contains) ?? false
    }

    private static func firstFourBytes(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var magic = [UInt8](repeating: 0, count: 4)
        return fread(&magic, 1, 4, file) == 4 ? magic : nil
    }
}
