import CMPCore
@testable import CMPTransport
import CMPTestSupport
import XCTest

/// Hostile input is the normal case: random and mangled streams must end without a trap or a hang,
/// and buffered bytes must stay bounded.
final class RobustnessTests: XCTestCase {
    func testRandomAndMangledStreams() {
        var generator = SeededGenerator(seed: 2026)
        let seeds: [[UInt8]] = [
            Wire.request(body: Wire.der()), Wire.response(body: Wire.der(size: 40)),
            Wire.ascii("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/pkixcmp\r\n\r\n5\r\n"),
            Wire.rfc2510(type: 4, Wire.be32(1) + Wire.be32(2) + Wire.der()), Wire.v10(type: 6, [0, 1, 0xFF, 0xFF]),
            [0xFF, 0xFF, 0xFF, 0xFF, 0x0A, 0x00, 0x00],
        ]
        var limits = Limits()
        limits.maxPDUSize = 4096
        limits.maxHTTPHeaderBytes = 512
        for round in 0..<300 {
            var steps: [Step] = []
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                var bytes = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
                for _ in 0..<Int.random(in: 0...3, using: &generator) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                if Bool.random(using: &generator) {
                    bytes += (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                }
                let direction: Direction = Bool.random(using: &generator) ? .clientToServer : .serverToClient
                steps.append(.data(direction, bytes))
                if Int.random(in: 0..<6, using: &generator) == 0 {
                    steps.append(.gap(direction, UInt64.random(in: 1...5000, using: &generator)))
                }
            }
            steps += [.finish(.clientToServer), .finish(.serverToClient)]
            let hints: [TransportHint?] = [nil, .http, .tcpMessaging]
            var driver = Driver(decodeAs: hints[round % 3], limits: limits)
            _ = driver.run(steps, split: .random(seed: UInt64(round)))
            XCTAssertLessThanOrEqual(driver.peakReadable.max() ?? 0, limits.maxBufferedBytesPerDirection)
            XCTAssertTrue(driver.buffers.allSatisfy(\.isEmpty), "round \(round): finish leaves bytes behind")
        }
    }
}
