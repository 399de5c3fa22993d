import ArgumentParser
import CMPCapture
import CMPCore
import CMPFilter
import CMPOutput
import CMPPipeline
import CMPTransport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line of DESIGN.md, modelled on tshark's: the flags a PKI engineer already knows
/// keep tshark's letters and meaning.
@main
struct CMPDissectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmpdissect",
        abstract: "Dissect Certificate Management Protocol (CMP) traffic from captures, message files or a live interface.",
        discussion: """
            FILE is a pcap or pcapng capture ('-' = standard input), or a single PKIMessage as DER, PEM or \
            base64 (e.g. what openssl cmp -reqout writes). Prints one line per CMP message.

            Display filter fields (-Y, -e): \(MessageField.catalogue.map(\.name).joined(separator: ", ")).
            Operators: == != < <= > >= contains matches (eq ne lt le gt ge, ~), && || ! and or not, parentheses, \
            sets: tcp.port in {80 829 8000..8080}.

            Exit status: 0 when the input was read to its end (or a live capture was stopped), 1 when it \
            could not be read or ended early, 64 for usage errors.
            """)

    @Argument(help: "Capture files or PKIMessage files ('-' = standard input).", completion: .file())
    var files: [String] = []

    @Option(name: .customShort("r"), help: ArgumentHelp("Read this capture (same as a positional FILE).", valueName: "file"),
            completion: .file())
    var readFile: String?

    @Option(name: .customShort("i"), help: ArgumentHelp("Capture live from this interface (-D lists them).", valueName: "interface"),
            completion: .shellCommand("cmpdissect -D 2>/dev/null | sed -e 's/^[0-9]*\\. //' -e 's/ .*//'"))
    var interface: String?

    @Flag(name: .customShort("D"), help: "List the interfaces live capture can use, and exit.")
    var listInterfaces = false

    @Flag(name: .customShort("p"), help: "Do not put the interface into promiscuous mode.")
    var noPromiscuous = false

    @Option(name: .customShort("f"), help: ArgumentHelp("Capture filter (libpcap syntax), for live capture and files.", valueName: "bpf"))
    var captureFilter: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Stop after N CMP messages.", valueName: "n"))
    var count: Int?

    @Option(name: .customShort("a"), help: ArgumentHelp("Stop a live capture: duration:SECONDS.", valueName: "autostop"))
    var autostop: [AutoStop] = []

    @Option(name: .customShort("Y"), help: ArgumentHelp("Display filter over message fields, e.g. 'cmp.body == ir && finding.severity >= warning'.", valueName: "filter"))
    var displayFilter: String?

    @Option(name: .customShort("T"), help: ArgumentHelp("Output format: text (default), json (one array), jsonl (one object per line), fields (-e NAME …), ek (Elasticsearch bulk).", valueName: "format"))
    var format: OutputFormat = .text

    @Option(name: .customShort("e"), help: ArgumentHelp("A field to print with -T fields (repeat for more columns).", valueName: "field"),
            completion: .list(MessageField.catalogue.map(\.name)))
    var fieldNames: [String] = []

    @Option(name: .customShort("E"), help: ArgumentHelp("-T fields options: header=y|n, separator=/t|/s|C, quote=d|s|n, occurrence=f|l|a, aggregator=C.", valueName: "option"))
    var fieldOptions: [String] = []

    @Flag(name: .customShort("V"), help: "Print the annotated tree of every message.")
    var verbose = false

    @Flag(name: .customShort("x"), help: "Add a hex dump of every message.")
    var hexDump = false

    @Option(name: .customShort("d"), help: ArgumentHelp("Decode a port as a transport: tcp.port==N,http or tcp.port==N,tcpmsg.", valueName: "rule"))
    var decodeAs: [DecodeAs] = []

    @Option(name: .customShort("z"), help: ArgumentHelp("Statistics: cmp,stat (messages by body, status, transport) | cmp,tx (transactions) | expert (findings by severity and code).", valueName: "statistics"))
    var statistics: [StatisticsRequest] = []

    @Flag(name: .customShort("q"), help: "Print no message lines: only statistics (-z) and errors.")
    var quiet = false

    @Flag(name: .customShort("l"), help: "Flush standard output after every message.")
    var flushEachMessage = false

    @Option(name: .customShort("w"), help: ArgumentHelp("Write the packets of the connections that carried CMP to this pcapng file ('-' = standard output).", valueName: "file"), completion: .file())
    var writeFile: String?

    @Option(name: .customLong("export-der"), help: ArgumentHelp("Write every PKIMessage as DER into this directory, named by frame and body type.", valueName: "dir"), completion: .directory)
    var exportDirectory: String?

    @Option(name: .customLong("color"), help: ArgumentHelp("Colour summary lines: auto (on a terminal, unless NO_COLOR is set), always, never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Option(name: .customLong("secret"), help: ArgumentHelp("Shared secret for verifying MAC protection: pass:SECRET or file:PATH (first line).", valueName: "spec"))
    var secret: String?

    @Option(name: .customLong("trusted"), help: ArgumentHelp("Trust anchors (PEM) for verifying signature protection and the signer's chain.", valueName: "file"), completion: .file())
    var trusted: String?

    @Option(name: .customLong("max-pbm-iterations"), help: ArgumentHelp("Highest PBM/PBKDF2 iteration count computed with --secret (default 10000; hostile captures ask for 2^31).", valueName: "n"))
    var maxPBMIterations: Int?

    @Flag(name: .customLong("list-findings"), help: "Print the finding catalogue (code, severity, group, summary, reference).")
    var listFindings = false

    var inputs: [String] { (readFile.map { [$0] } ?? []) + files }

    func validate() throws {
        if let count, count < 1 { throw ValidationError("-c takes a positive number of messages") }
        if listFindings || listInterfaces { return }
        if interface != nil && !inputs.isEmpty {
            throw ValidationError("-i captures live; it cannot be combined with -r or a FILE")
        }
        if interface == nil && inputs.isEmpty {
            throw ValidationError("no input: give a capture or message FILE, -r FILE, or -i INTERFACE")
        }
        if !autostop.isEmpty && interface == nil { throw ValidationError("-a applies to live capture (-i)") }
        if let writeFile, writeFile != "-", inputs.contains(where: { Self.sameFile($0, writeFile) }) {
            throw ValidationError("-w \(writeFile) is also an input: it would be overwritten before it is read")
        }
        if format == .fields && fieldNames.isEmpty { throw ValidationError("-T fields needs at least one -e FIELD") }
        if format != .fields && !fieldNames.isEmpty { throw ValidationError("-e requires -T fields") }
        if format != .fields && !fieldOptions.isEmpty { throw ValidationError("-E requires -T fields") }
        _ = try makeFieldColumns()
        _ = try makeDisplayFilter()
        _ = try makeSecret()
        if let maxPBMIterations, maxPBMIterations < 1 { throw ValidationError("--max-pbm-iterations takes a positive number") }
    }

    func makeSecret() throws -> SecretSpec? {
        guard let secret else { return nil }
        do {
            return try SecretSpec.parse(secret)
        } catch {
            throw ValidationError("--secret: \(error)")
        }
    }

    func makeDisplayFilter() throws -> DisplayFilter? {
        guard let displayFilter else { return nil }
        do {
            return try DisplayFilter(displayFilter)
        } catch {
            throw ValidationError("-Y: \(error)")
        }
    }

    func makeFieldColumns() throws -> FieldColumns? {
        guard format == .fields else { return nil }
        var layout = FieldsOutput()
        for option in fieldOptions {
            do { try layout.apply(option) } catch { throw ValidationError(error.description) }
        }
        var fields = [MessageField]()
        for name in fieldNames {
            guard let field = MessageField.named(name) else {
                throw ValidationError("-e \(name): unknown field (cmpdissect --help lists them)")
            }
            fields.append(field)
        }
        return FieldColumns(fields: fields, layout: layout)
    }

    func run() throws {
        if listFindings {
            print(FindingListing.render(), terminator: "")
            return
        }
        if listInterfaces {
            try InterfaceListing.run()
            return
        }
        var options = PipelineOptions()
        options.maxMessages = count
        options.buildTree = verbose
        options.treeFullValues = format.showsWholeTreeValues  // the text tree shows shortened values only
        options.displayFilter = try makeDisplayFilter()
        for rule in decodeAs { options.decodeAs[rule.port] = rule.transport }
        options.analysis.secret = try makeSecret()
        if let maxPBMIterations { options.analysis.maxPBMIterations = maxPBMIterations }
        if let trusted {
            do {
                options.analysis.trustAnchors = try TrustAnchors.load(pemFile: trusted)
            } catch {
                Self.printError("--trusted \(trusted): \(error)")
                throw ExitCode(1)
            }
        }

        let live = interface != nil
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        let colorOn = switch color {
        case .always: true
        case .never: false
        case .auto: ColorScheme.automatic(isTerminal: stdoutIsTerminal, environment: Environment.variables())
        }
        let output = OutputSink(
            format: format, flushEachMessage: flushEachMessage || (live && stdoutIsTerminal),
            quiet: quiet || writeFile == "-", verbose: verbose, hexDump: hexDump, fields: try makeFieldColumns(),
            colors: ColorScheme(enabled: colorOn && format == .text))
        let session = RunSession(output: output, statistics: statistics)
        session.statisticsToStandardError = writeFile == "-"
        do {
            if let writeFile { session.recorder = try CMPConnectionRecorder(writer: PcapngWriter(path: writeFile)) }
            if let exportDirectory { session.exporter = try DERExporter(directory: exportDirectory) }
        } catch {
            Self.printError("\(error)")
            throw ExitCode(1)
        }
        let failed: Bool
        if let interface {
            failed = LiveRun.run(interface: interface, filter: captureFilter, promiscuous: !noPromiscuous,
                                 duration: autostop.compactMap(\.duration).min(), options: options, session: session)
        } else {
            session.progress = ProgressLine.forFiles(stdoutIsTerminal: stdoutIsTerminal, quiet: quiet)
            failed = runFiles(options: options, session: session)
        }
        session.finish()
        if failed { throw ExitCode(1) }
    }

    private func runFiles(options: PipelineOptions, session: RunSession) -> Bool {
        var failed = false
        for path in inputs {
            let remaining = count.map { $0 - session.messagesSeen }
            if let remaining, remaining <= 0 { break }
            session.transactionTable.beginInput()
            var fileOptions = options
            fileOptions.maxMessages = remaining
            // A capture file is read again for -w rather than spooled; standard input cannot be.
            session.recorder?.beginInput(rereading: path == "-" ? nil : path, filter: captureFilter)
            do {
                let report = try InputDissection.dissect(
                    path: path, filter: captureFilter, options: fileOptions,
                    observe: session.observesFrames ? { session.observe($0, flow: $1) } : nil,
                    emit: { session.consume($0, captureStart: $1) })
                session.note(report)
            } catch {
                session.note(error.report)
                session.endInput()
                session.output.flush()
                Self.printError(error.description)
                failed = true
                continue
            }
            if !session.endInput() { failed = true }
        }
        return failed
    }

    /// Same path, or the same file under another name (inode and device).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    static func printError(_ text: String) {
        Array("cmpdissect: \(text)\n".utf8).withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: STDERR_FILENO) }
    }
}
