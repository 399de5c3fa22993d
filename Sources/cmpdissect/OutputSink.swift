import CMPCore
import CMPOutput

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes rendered messages to standard output in the chosen format.
struct OutputSink {
    let format: OutputFormat
    let flushEachMessage: Bool
    private(set) var messagesWritten = 0
    private var openedArray = false
    /// Output is gathered here and written to fd 1 in large pieces: one system call per 64 KiB,
    /// not per line, when standard output is a pipe or file.
    private var pending: [UInt8] = []

    init(format: OutputFormat, flushEachMessage: Bool) {
        self.format = format
        self.flushEachMessage = flushEachMessage
    }

    mutating func write(_ message: DissectedMessage, context: RenderContext) {
        switch format {
        case .text:
            emit(SummaryLine.render(message, context: context) + "\n")
        case .jsonl:
            emit(MessageJSON.render(message, context: context) + "\n")
        case .json:
            let prefix = openedArray ? ",\n  " : "[\n  "
            openedArray = true
            emit(prefix + MessageJSON.render(message, context: context))
        }
        messagesWritten += 1
        if flushEachMessage { flush() }
    }

    mutating func close() {
        if format == .json { emit(openedArray ? "\n]\n" : "[]\n") }
        flush()
    }

    mutating func flush() {
        pending.withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: STDOUT_FILENO) }
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func emit(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 64 * 1024 { flush() }
    }
}

enum FileDescriptorWriter {
    /// Writes every byte, retrying short writes and EINTR; a closed pipe ends the attempt quietly.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
