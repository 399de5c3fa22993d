import XCTest

/// Replays every input of Fixtures/regressions (inputs that once crashed, hung or blew up a stage)
/// through the whole pipeline: each must finish, quickly, without trapping.
final class RegressionTests: XCTestCase {
    func testEveryRegressionInputFinishes() throws {
        for url in RobustnessFixtures.regressions {
            let run = PipelineRun.file(try RobustnessFixtures.bytes(url))
            XCTAssertLessThan(run.elapsed, .seconds(2), url.lastPathComponent)
        }
    }
}
