import CMPPipeline
import CMPTestSupport
import XCTest

/// A fixed number of seeded random mutations of every fixture (byte flips, insertions, deletions,
/// length-field changes) through the whole pipeline: nothing traps, every input finishes quickly,
/// and what was decoded from the records before the damage is printed unchanged.
final class MutationTests: XCTestCase {
    static let mutationsPerFixture = 48
    /// Far above the milliseconds a fixture takes even in a debug build: only a hang or a blow-up
    /// comes near it.
    static let timeBudget = Duration.seconds(2)

    func testMutatedCaptures() throws {
        for (fixtureIndex, url) in RobustnessFixtures.captures.enumerated() {
            let bytes = try RobustnessFixtures.bytes(url)
            let records = try XCTUnwrap(CaptureRecords(bytes))
            let baseline = PipelineRun.file(bytes)
            var generator = SeededGenerator(seed: 0xC0FFEE &+ UInt64(fixtureIndex))
            for _ in 0..<Self.mutationsPerFixture {
                let mutation = Mutation.random(for: bytes.count, minimumOffset: records.headerLength, using: &generator)
                let name = "\(url.lastPathComponent): \(mutation)"
                let run = PipelineRun.file(mutation.apply(to: bytes))
                XCTAssertLessThan(run.elapsed, Self.timeBudget, name)
                // The first packet record the mutation touched; the ones before it decode as before.
                let damaged = records.records.first { $0.end > mutation.offset && $0.packet != nil }?.packet
                    ?? (records.records.compactMap(\.packet).last ?? 0) + 1
                XCTAssertEqual(run.emitted(before: damaged), baseline.emitted(before: damaged), name)
            }
        }
    }

    /// Mutations anywhere, the file header included: the input may be refused, but never crashes.
    func testMutatedFileHeaders() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        for url in RobustnessFixtures.captures {
            let bytes = try RobustnessFixtures.bytes(url)
            for _ in 0..<8 {
                let mutation = Mutation.random(for: 32, using: &generator)
                let run = PipelineRun.file(mutation.apply(to: bytes))
                XCTAssertLessThan(run.elapsed, Self.timeBudget, "\(url.lastPathComponent): \(mutation)")
            }
        }
    }

    /// Single-message files (DER), mutated, through the file-input path (`cmpdissect msg.der`).
    func testMutatedMessageFiles() throws {
        for (fixtureIndex, url) in RobustnessFixtures.messages.enumerated() {
            let bytes = try RobustnessFixtures.bytes(url)
            var generator = SeededGenerator(seed: 0xDE5 &+ UInt64(fixtureIndex))
            for _ in 0..<16 {
                let mutation = Mutation.random(for: bytes.count, using: &generator)
                let run = PipelineRun.file(mutation.apply(to: bytes))
                XCTAssertLessThan(run.elapsed, Self.timeBudget, "\(url.lastPathComponent): \(mutation)")
                XCTAssertTrue(run.error != nil || run.messages.count == 1,
                              "\(url.lastPathComponent): \(mutation): \(run.messages.count) messages")
            }
        }
    }
}
