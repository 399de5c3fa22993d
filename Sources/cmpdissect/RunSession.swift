import CMPAnalysis
import CMPCapture
import CMPCore
import CMPOutput
import CMPPipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything one run feeds with messages and frames: the output, statistics, `-w`,
/// `--export-der` and the progress line. A class so the pipeline's non-escaping callbacks can share it.
final class RunSession {
    var output: OutputSink
    let requests: [StatisticsRequest]
    var statistics = Statistics()
    /// `-z cmp,tx`: the analyzer's transactions, as a table (CMPAnalysis).
    var transactionTable = TransactionTable()
    var recorder: CMPConnectionRecorder?
    var exporter: DERExporter?
    var progress: ProgressLine?
    private(set) var messagesSeen = 0
    /// With `-w -` the capture goes to standard output, so the tables go to standard error.
    var statisticsToStandardError = false

    init(output: OutputSink, statistics requests: [StatisticsRequest]) {
        self.output = output
        self.requests = requests
    }

    func consume(_ message: DissectedMessage, captureStart: Timestamp?) {
        messagesSeen += 1
        recorder?.noteMessage(message)
        if exporter != nil, let error = exporter?.export(message) {
            CMPDissectCommand.printError(error)
            exporter = nil
        }
        if !requests.isEmpty { statistics.add(message) }
        if requests.contains(.transactions) { transactionTable.add(message) }
        // The progress line only runs when message lines do not go to the same terminal (see
        // ProgressLine.forFiles), so it need not be cleared for them.
        output.write(message, context: RenderContext(captureStart: captureStart))
        progress?.message()
    }

    /// What an input left besides its messages: findings no message carried go to `-z expert`.
    func note(_ report: DissectionReport?) {
        // Findings no message carried (an evicted connection, a framing limit hit with no PDU after
        // it) are still said, on stderr, so that scripts reading stdout are not disturbed.
        if let lines = report?.unattachedFindings.lines, !lines.isEmpty {
            CMPDissectCommand.printError("findings no message carried:\n" + lines.map { "  " + $0 }.joined(separator: "\n"))
        }
        guard let report, !requests.isEmpty else { return }
        let unattached = report.unattachedFindings
        for (code, count) in unattached.counts {
            let severity = unattached.first.first { $0.code == code }?.severity
                ?? FindingCatalogue.entry(for: code)?.severity ?? .note
            statistics.addUnattached(code, severity: severity, count: count)
        }
    }

    /// Whether anything wants to see each frame (`-w`, the progress line). The pipeline reads on
    /// two threads only when nothing does, so the CLI passes `observe` only then.
    var observesFrames: Bool { recorder != nil || progress != nil }

    func observe(_ frame: Frame, flow: FlowKey?) {
        recorder?.observe(frame, flow: flow)
        progress?.frame(frame)
    }

    /// End of one input: writes its CMP connections to `-w`. False when that failed.
    @discardableResult
    func endInput() -> Bool {
        progress?.clear()
        progress?.reset()
        guard let recorder else { return true }
        do {
            try recorder.endInput()
            return true
        } catch {
            CMPDissectCommand.printError("\(error)")
            self.recorder = nil
            return false
        }
    }

    /// End of the run: closes the output and prints the statistics asked for, in `-z` order.
    func finish() {
        output.close()
        var tables = ""
        for request in requests {
            switch request {
            case .cmpStat: tables += statistics.cmpStatTable()
            case .expert: tables += statistics.expertTable()
            case .transactions: tables += transactionTable.render()
            }
        }
        if statisticsToStandardError {
            Array(tables.utf8).withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: STDERR_FILENO) }
        } else {
            output.writeText(tables)
        }
        output.flush()
    }
}
