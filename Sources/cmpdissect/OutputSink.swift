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

    func flush() { fflush(stdout) }

    private func emit(_ text: String) { fputs(text, stdout) }
}
