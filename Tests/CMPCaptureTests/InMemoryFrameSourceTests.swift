import CMPCapture
import CMPCore
import CMPTestSupport
import XCTest

final class InMemoryFrameSourceTests: CaptureTestCase {
    func testDeliversFramesInOrderWithStablePointers() throws {
        let frames = Self.conversation(link: .sll)
        var source = InMemoryFrameSource(frames: frames, linkType: .linuxSLL)
        XCTAssertEqual(source.linkType, .linuxSLL)
        XCTAssertEqual(readAll(&source).frames, Self.expected(frames, micro: false))
        XCTAssertNil(try source.nextFrame())
        var empty = InMemoryFrameSource(frames: [], linkType: .ethernet)
        XCTAssertNil(try empty.nextFrame())
        var snapped = InMemoryFrameSource(frames: [(.zero, [1, 2, 3])], linkType: .raw, originalLengths: [1500])
        XCTAssertEqual(try snapped.nextFrame()?.originalLength, 1500)
    }
}
