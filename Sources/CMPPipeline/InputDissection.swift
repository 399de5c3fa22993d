import CMPCapture
import CMPCore
import CMPMessages

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input that could not be read to its end: the one line DESIGN.md prints on stderr.
public struct InputError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    /// The capture reader's error, when that is what stopped the input (offset and packet number).
    public var captureError: CaptureError?
    /// What was read before the error.
    public var report: DissectionReport?

    init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    init(_ error: CaptureError, path: String) {
        var error = error
        error.path = path == "-" ? "standard input" : path
        self.path = path
        self.message = error.message
        self.captureError = error
    }

    public var description: String {
        captureError?.description ?? "\(path == "-" ? "standard input" : path): \(message)"
    }
}

/// What a finished input leaves besides its messages: counts and the findings no message carried.
public struct DissectionReport: Sendable {
    public var framesSeen = 0
    public var messages = 0
    public var packetErrorCount = 0
    public var unattachedFindings = UnattachedFindings()
}

/// Opens one FILE argument — a capture, or a file of PKIMessages — and dissects it.
public enum InputDissection {
    /// Dissects `path` ('-' = standard input), calling `emit` with each message and the capture's
    /// time origin. Throws after everything decoded before a read error has been emitted.
    @discardableResult
    public static func dissect(
        path: String, filter: String?, options: PipelineOptions, observe: FrameObserver? = nil,
        emit: MessageHandler
    ) throws(InputError) -> DissectionReport {
        if path == "-" {
            return try dissectStandardInput(filter: filter, options: options, observe: observe, emit: emit)
        }
        do {
            var source = try PcapFileSource(path: path, filter: filter)
            return try dissectCapture(&source, path: path, options: options, observe: observe, emit: emit)
        } catch let error as CaptureError where error.kind == .notACapture {
            guard let bytes = readWholeFile(path) else {
                throw InputError(path: path, message: "cannot read the file")
            }
            return try dissectMessageFile(bytes, path: path, options: options, emit: emit)
        } catch let error as CaptureError {
            throw InputError(error, path: path)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(path: path, message: "\(error)")
        }
    }

    private static func dissectCapture(
        _ source: inout PcapFileSource, path: String, options: PipelineOptions, observe: FrameObserver?,
        emit: MessageHandler
    ) throws -> DissectionReport {
        // The frame observer (-w, the progress line) needs each frame while it is valid, on the
        // caller's thread: one thread then.
        if observe == nil, TwoStageReader.isEnabled, let outcome = TwoStageReader.run(source, options: options, emit: emit) {
            if let error = outcome.error as? CaptureError {
                var failure = InputError(error, path: path)
                failure.report = outcome.report
                throw failure
            } else if let error = outcome.error {
                throw error
            }
            return outcome.report
        }
        var dissector = CaptureDissector(options: options)
        do {
            try dissector.run(&source, observe: observe, emit: emit)
        } catch let error as CaptureError {
            var failure = InputError(error, path: path)
            failure.report = dissector.report
            throw failure
        }
        return dissector.report
    }

    private static func dissectMessageFile(
        _ bytes: [UInt8], path: String, options: PipelineOptions,
        emit: MessageHandler
    ) throws(InputError) -> DissectionReport {
        guard let messages = MessageFileReader.pkiMessages(fromFileBytes: bytes), !messages.isEmpty else {
            throw InputError(path: path, message: "not a pcap or pcapng capture, nor a PKIMessage in DER, PEM or base64")
        }
        var dissector = CaptureDissector(options: options)
        dissector.dissectFileMessages(messages, emit: emit)
        return dissector.report
    }

    /// Standard input is read whole, then sniffed: a capture goes through libpcap via a temporary
    /// file (so the same reader serves every capture), anything else is tried as PKIMessages.
    private static func dissectStandardInput(
        filter: String?, options: PipelineOptions, observe: FrameObserver?, emit: MessageHandler
    ) throws(InputError) -> DissectionReport {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        guard isCaptureMagic(bytes) else {
            return try dissectMessageFile(bytes, path: "-", options: options, emit: emit)
        }
        var template = Array("/tmp/cmpdissect-stdin-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw InputError(path: "-", message: "cannot create a temporary file") }
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(tempPath); close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw InputError(path: "-", message: "cannot buffer standard input") }
        do {
            var source = try PcapFileSource(path: tempPath, filter: filter)
            return try dissectCapture(&source, path: "-", options: options, observe: observe, emit: emit)
        } catch let error as InputError {
            throw error
        } catch let error as CaptureError {
            throw InputError(error, path: "-")
        } catch {
            throw InputError(path: "-", message: "\(error)")
        }
    }

    /// pcap magic in either byte order and resolution, or a pcapng Section Header Block.
    static func isCaptureMagic(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let magic = Array(bytes[0..<4])
        return [[0xA1, 0xB2, 0xC3, 0xD4], [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D],
                [0x4D, 0x3C, 0xB2, 0xA1], [0x0A, 0x0D, 0x0D, 0x0A]].contains(magic)
    }

    static func readWholeFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return ferror(file) == 0 ? bytes : nil
    }
}
