import CMPCore
import CMPDissector
import XCTest

final class DumpTests: XCTestCase {
    func testDump() throws {
        guard let name = ProcessInfo.processInfo.environment["TREE_DUMP"] else { return }
        let tree = MessageTreeBuilder().build(try TreeFixtures.bytes(name))
        print(tree.root.dump)
        print(tree.findings, tree.error as Any)
    }
}
