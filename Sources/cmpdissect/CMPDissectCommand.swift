import ArgumentParser
import CMPCore
import CMPOutput
import CMPPipeline
import CMPTransport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line of DESIGN.md, modelled on tshark's.
@main
struct CMPDissectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmpdissect",
        abstract: "Dissect Certificate Management Protocol (CMP) traffic from captures or message files.",
        discussion: """
            FILE is a pcap or pcapng capture ('-' = standard input), or a single PKIMessage as DER, PEM or \
            base64 (e.g. what openssl cmp -reqout writes). Prints one line per CMP message.
            Exit status: 0 when the input was read to its end, 1 when it could not be read or ended early, \
            64 for usage errors.
            """)

    @Argument(help: "Capture files or PKIMessage files ('-' = standard input).")
    var files: [String] = []

    @Option(name: .customShort("r"), help: "Read this capture (same as a positional FILE).")
    var readFile: String?

    @Option(name: .customShort("f"), help: "Capture filter (libpcap syntax), applied to files too.")
    var captureFilter: String?

    @Option(name: .customShort("c"), help: "Stop after N CMP messages.")
    var count: Int?

    @Option(name: .customShort("T"), help: "Output format: text (default), json (one array), jsonl (one object per line).")
    var format: OutputFormat = .text

    @Option(name: .customShort("d"), help: "Decode a port as a transport: tcp.port==N,http or tcp.port==N,tcpmsg.")
    var decodeAs: [DecodeAs] = []

    @Flag(name: .customShort("l"), help: "Flush standard output after every message.")
    var flushEachMessage = false

    @Flag(name: .customLong("list-findings"), help: "Print the finding catalogue (code, severity, group, summary, reference).")
    var listFindings = false

    func validate() throws {
        if let count, count < 1 { throw ValidationError("-c takes a positive number of messages") }
        if !listFindings && inputs.isEmpty { throw ValidationError("no input: give a capture or message FILE, or -r FILE") }
    }

    var inputs: [String] { (readFile.map { [$0] } ?? []) + files }

    func run() throws {
        if listFindings {
            print(FindingListing.render(), terminator: "")
            return
        }
        var options = PipelineOptions()
        options.maxMessages = count
        for rule in decodeAs { options.decodeAs[rule.port] = rule.transport }
        var output = OutputSink(format: format, flushEachMessage: flushEachMessage)
        var failed = false
        for path in inputs {
            let remaining = count.map { $0 - output.messagesWritten }
            if let remaining, remaining <= 0 { break }
            var fileOptions = options
            fileOptions.maxMessages = remaining
            do {
                try InputRunner.run(path: path, filter: captureFilter, options: fileOptions, output: &output)
            } catch {
                output.flush()
                Self.printError(error.description)
                failed = true
            }
        }
        output.close()
        if failed { throw ExitCode(1) }
    }

    static func printError(_ text: String) {
        Array("cmpdissect: \(text)\n".utf8).withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: STDERR_FILENO) }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl
}

/// `-d tcp.port==N,http|tcpmsg`, as tshark's decode-as.
struct DecodeAs: ExpressibleByArgument {
    var port: UInt16
    var transport: TransportHint

    init?(argument: String) {
        let parts = argument.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: " ") }
        guard parts.count == 2, parts[0].hasPrefix("tcp.port=="),
              let port = UInt16(parts[0].dropFirst("tcp.port==".count)) else { return nil }
        switch parts[1].lowercased() {
        case "http": transport = .http
        case "tcpmsg", "cmp", "tcp": transport = .tcpMessaging
        default: return nil
        }
        self.port = port
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var slice = self[...]
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}
