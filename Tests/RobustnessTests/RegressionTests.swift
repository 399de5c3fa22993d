import Foundation
import XCTest

/// Replays every input of Fixtures/regressions (inputs that once crashed, hung or blew up a stage)
/// through the whole pipeline: each must finish, quickly, without trapping; then one test per input
/// pins what it must print.
final class RegressionTests: XCTestCase {
    func testEveryRegressionInputFinishes() throws {
        for url in RobustnessFixtures.regressions {
            let run = PipelineRun.file(try RobustnessFixtures.bytes(url))
            XCTAssertLessThan(run.elapsed, .seconds(2), url.lastPathComponent)
        }
    }

    static func regression(_ path: String) throws -> [UInt8] {
        try RobustnessFixtures.bytes(RobustnessFixtures.root.appendingPathComponent("regressions/\(path)"))
    }

    /// CMPCapture: a pcapng packet timestamped 2^63 seconds (if_tsresol 10^0) came out of libpcap as a
    /// negative `tv_sec`, and rendering its time trapped on overflow (found with a crafted pcapng while
    /// checking timestamp bounds). Times are now clamped to the pcap format's 32-bit range: 2^32 − 1 s
    /// after the epoch is 2106-02-07T06:28:15Z, the well-known end of unsigned 32-bit Unix time.
    func testPcapngTimestampOf2To63Seconds() throws {
        let run = PipelineRun.file(try Self.regression("capture/pcapng-timestamp-2p63-seconds.pcapng"))
        XCTAssertNil(run.error)
        XCTAssertEqual(run.messages.count, 1)
        XCTAssertTrue(run.messages.first?.json.contains("\"time\":\"2106-02-07T06:28:15.000000Z\"") ?? false,
                      run.messages.first?.json ?? "no message")
    }
}
