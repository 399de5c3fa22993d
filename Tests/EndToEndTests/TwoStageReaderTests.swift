@testable import CMPPipeline
import CMPCapture
import CMPCore
import CMPOutput
import CMPTestSupport
import Foundation
import XCTest

/// Reading on two threads must give exactly what one thread gives, whichever thread ends up
/// decoding each message (the reader decodes when the consumer falls behind).
final class TwoStageReaderTests: XCTestCase {
    private static let messageDirectory = Fixtures.root.appendingPathComponent("messages").path

    private func capture(seed: UInt64) throws -> URL {
        var configuration = MixedTrafficConfiguration(targetBytes: 1_200_000, seed: seed)
        configuration.anomalies = AnomalyRates(reorder: 0.03, retransmit: 0.02, overlap: 0.02)
        var generator = try MixedTrafficGenerator(configuration: configuration, messageDirectory: Self.messageDirectory)
        var writer = try PcapStreamWriter(path: nil)
        _ = generator.run(writer: &writer) { _ in }
        writer.finish()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("two-stage-\(seed)-\(UUID().uuidString).pcap")
        try Data(writer.bytes).write(to: url)
        return url
    }

    /// Every message as JSON, with its tree when there is one (both cover every field and finding).
    private func rendered(_ message: DissectedMessage, _ start: Timestamp?) -> String {
        let context = RenderContext(captureStart: start)
        return MessageJSON.render(message, context: context) + "\n" + TreeText.render(message, context: context, hexDump: false)
    }

    func testTwoThreadsGiveWhatOneThreadGives() throws {
        for (seed, tree) in [(UInt64(21), false), (22, true)] {
            let url = try capture(seed: seed)
            defer { try? FileManager.default.removeItem(at: url) }
            var options = PipelineOptions()
            options.buildTree = tree

            var single = CaptureDissector(options: options)
            var source = try PcapFileSource(path: url.path)
            var expected = [String]()
            try single.run(&source) { expected.append(rendered($0, $1)) }
            XCTAssertGreaterThan(expected.count, 100)

            // A consumer that keeps up (the reader leaves decoding to it), then one that falls
            // behind (the reader decodes what it frames while the backlog lasts).
            for slowConsumer in [false, true] {
                var got = [String]()
                let outcome = TwoStageReader.run(try PcapFileSource(path: url.path), options: options) { message, start in
                    if slowConsumer { usleep(200) }
                    got.append(rendered(message, start))
                }
                XCTAssertNotNil(outcome)
                XCTAssertNil(outcome?.error)
                XCTAssertEqual(outcome?.report.messages, expected.count)
                XCTAssertEqual(got.count, expected.count, "seed \(seed), tree \(tree), slow \(slowConsumer)")
                for (index, pair) in zip(got, expected).enumerated() where pair.0 != pair.1 {
                    XCTFail("seed \(seed), tree \(tree), slow \(slowConsumer): message \(index + 1) differs:\n\(pair.0)\n---\n\(pair.1)")
                    break
                }
            }
        }
    }
}
