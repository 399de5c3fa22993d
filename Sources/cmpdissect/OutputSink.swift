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
    let quiet: Bool
    let verbose: Bool
    let hexDump: Bool
    let fields: FieldColumns?
    let colors: ColorScheme
    private(set) var messagesWritten = 0
    private var started = false
    /// Output is gathered here and written to fd 1 in large pieces: one system call per 64 KiB,
    /// not per line, when standard output is a pipe or file.
    private var pending: [UInt8] = []

    init(format: OutputFormat, flushEachMessage: Bool, quiet: Bool = false, verbose: Bool = false,
         hexDump: Bool = false, fields: FieldColumns? = nil, colors: ColorScheme = ColorScheme(enabled: false)) {
        self.format = format
        self.flushEachMessage = flushEachMessage
        self.quiet = quiet
        self.verbose = verbose
        self.hexDump = hexDump
        self.fields = fields
        self.colors = colors
    }

    mutating func write(_ message: DissectedMessage, context: RenderContext) {
        guard !quiet else { return }
        switch format {
        case .text:
            // The tree's first line is the summary line, coloured like it. Without colours the line,
            // and the tree, go straight into the output buffer.
            if colors.enabled {
                emit(colors.summary(SummaryLine.render(message, context: context), message: message, context: context) + "\n")
            } else {
                SummaryLine.append(message, context: context, to: &pending)
                pending.append(0x0A)
            }
            if verbose || hexDump {
                TreeText.appendBody(of: message, hexDump: hexDump, absoluteOffsets: false, to: &pending)
                pending.append(0x0A)
            }
            if pending.count >= 64 * 1024 { flush() }
        case .jsonl:
            JSONWriter.append(to: &pending) { MessageJSON.write(message, context: context, into: &$0) }
            pending.append(0x0A)
            if pending.count >= 64 * 1024 { flush() }
        case .json:
            emit((started ? ",\n  " : "[\n  ") + MessageJSON.render(message, context: context))
        case .ek:
            emit(EKOutput.render(message, context: context))
        case .fields:
            if let fields {
                if !started && fields.layout.header { emit(fields.header() + "\n") }
                emit(fields.line(message) + "\n")
            }
        }
        started = true
        messagesWritten += 1
        if flushEachMessage { flush() }
    }

    /// Closes the JSON array (an empty one when nothing matched) and prints a header-only
    /// `-T fields` table when asked for a header and no message came.
    mutating func close() {
        if !quiet && format == .json { emit(started ? "\n]\n" : "[]\n") }
        if !quiet && format == .fields && !started, let fields, fields.layout.header { emit(fields.header() + "\n") }
        flush()
    }

    /// Text that is not a message (statistics tables), after the messages.
    mutating func writeText(_ text: String) {
        emit(text)
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
