import ArgumentParser
import CMPAnalysis
import CMPCore
import CMPDissector
import CMPTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a deterministic mixed-traffic capture and its ground truth, for the benchmark
/// (scripts/bench/run.sh) and for checking that cmpdissect finds exactly the messages planted.
@main
struct CMPDissectGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmpdissect-gen",
        abstract: "Generate a seeded pcap of mixed traffic with CMP transactions, and its ground truth.",
        discussion: """
            The same seed and options give the same file byte for byte. Writes OUTPUT (pcap, Ethernet), \
            OUTPUT.truth.json (message counts by body type and transport, traffic totals) and, with \
            --list, OUTPUT.truth.tsv (frame, body, transport of every CMP message in frame order).
            """)

    @Option(name: [.customShort("o"), .long], help: "The capture file to write.")
    var output: String?

    @Option(name: .shortAndLong, help: "Approximate size: bytes, or with k, M, G (powers of 1000).")
    var size: ByteCount = ByteCount(value: 10_000_000)

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .customLong("non-cmp"), help: "Share of frame bytes that are not CMP (0 to 1).")
    var nonCMPShare: Double = 0.8

    @Option(help: "Connections open at once.")
    var concurrency: Int = 48

    @Option(help: "Directory of the PKIMessages to embed (NAME.der).")
    var messages: String = "Fixtures/messages"

    @Option(help: "Per-segment probability of swapping with the next segment.")
    var reorder: Double = 0.02

    @Option(help: "Per-segment probability of an exact retransmission.")
    var retransmit: Double = 0.01

    @Option(help: "Per-segment probability of an overlapping retransmission.")
    var overlap: Double = 0.01

    @Flag(help: "Also write OUTPUT.truth.tsv with every message.")
    var list = false

    @Option(name: .customLong("decoder-benchmark"),
            help: "Instead of generating: decode every NAME.der of this directory repeatedly and print messages per second (summary, walk, tree).")
    var decoderBenchmark: String?

    @Option(help: "With --decoder-benchmark: rounds over the messages.")
    var rounds = 200

    @Option(name: .customLong("dependency-floor"),
            help: "Instead of generating: time what the dependencies alone do with every NAME.der of this directory (DER parse, one visit of every node, signature verification; best of 3) and print seconds.")
    var dependencyFloor: String?

    func validate() throws {
        guard output != nil || decoderBenchmark != nil || dependencyFloor != nil else { throw ValidationError("missing -o OUTPUT") }
        guard (0...1).contains(nonCMPShare) else { throw ValidationError("--non-cmp takes a share from 0 to 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() throws {
        if let decoderBenchmark {
            try runDecoderBenchmark(decoderBenchmark)
            return
        }
        if let dependencyFloor {
            try runDependencyFloor(dependencyFloor)
            return
        }
        guard let output else { return }
        var configuration = MixedTrafficConfiguration(targetBytes: size.value, seed: seed)
        configuration.nonCMPShare = nonCMPShare
        configuration.concurrency = concurrency
        configuration.anomalies = AnomalyRates(reorder: reorder, retransmit: retransmit, overlap: overlap)
        var generator = try MixedTrafficGenerator(configuration: configuration, messageDirectory: messages)
        var writer = try PcapStreamWriter(path: output)
        var listing: UnsafeMutablePointer<FILE>?
        if list {
            guard let file = fopen(output + ".truth.tsv", "w") else { throw ValidationError("cannot write \(output).truth.tsv") }
            fputs("frame\tbody\ttransport\n", file)
            listing = file
        }
        let truth = generator.run(writer: &writer) { message in
            if let listing { fputs("\(message.frame)\t\(message.body)\t\(message.transport)\n", listing) }
        }
        writer.finish()
        if let listing { fclose(listing) }
        guard let file = fopen(output + ".truth.json", "w") else { throw ValidationError("cannot write \(output).truth.json") }
        fputs(truth.json, file)
        fclose(file)
        print("\(output): \(truth.fileBytes) bytes, \(truth.frames) frames, \(truth.messageCount) CMP messages")
    }
}

extension CMPDissectGenCommand {
    /// One TSV line per kind of work: `work<TAB>messages<TAB>messages/s`, best of three.
    func runDecoderBenchmark(_ directory: String) throws {
        let messages = try MessageDirectory.load(directory)
        guard !messages.isEmpty else { throw ValidationError("no .der files in \(directory)") }
        print("work\tmessages\tmessages_per_second")
        for work in DecoderBenchmark.Work.allCases {
            let rounds = work == .tree ? max(1, self.rounds / 4) : self.rounds
            let best = (0..<3).map { _ in DecoderBenchmark.messagesPerSecond(messages, rounds: rounds, work: work) }.max() ?? 0
            print("\(work.rawValue)\t\(messages.count)\t\(Int(best))")
        }
    }
}

extension CMPDissectGenCommand {
    /// One TSV line per part: `work<TAB>count<TAB>seconds` (messages parsed, nodes visited, signatures
    /// verified), for the benchmark's ceiling; then what they found, as comments.
    func runDependencyFloor(_ directory: String) throws {
        let messages = try MessageDirectory.load(directory)
        guard !messages.isEmpty else { throw ValidationError("no .der files in \(directory)") }
        let figures = DependencyFloor.measure(messages)
        print("work\tcount\tseconds")
        print("der-parse\t\(figures.messages)\t\(figures.parseSeconds)")
        print("der-parse-visit\t\(figures.nodes)\t\(figures.visitSeconds)")
        print("signature-verify\t\(figures.verifications)\t\(figures.verifySeconds)")
        print("# \(figures.parsedBytes) bytes of DER parsed; \(figures.validSignatures) of the \(figures.verifications) signatures verify")
    }
}

/// `10M`, `1G`, `500k` or plain bytes.
struct ByteCount: ExpressibleByArgument {
    var value: Int

    init(value: Int) { self.value = value }

    init?(argument: String) {
        let units: [Character: Int] = ["k": 1000, "K": 1000, "m": 1_000_000, "M": 1_000_000, "g": 1_000_000_000, "G": 1_000_000_000]
        var digits = Substring(argument)
        var scale = 1
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits = digits.dropLast()
        }
        guard let number = Int(digits), number > 0 else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        value = product
    }
}
