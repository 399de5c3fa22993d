import CMPCore
import CMPDissector
import Foundation

/// Fixture access and tree queries for the dissector tests.
enum TreeFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let messages = root.appendingPathComponent("messages")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: messages.appendingPathComponent("\(name).der")))
    }

    static func messageNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: messages.path)
            .filter { $0.hasSuffix(".der") }.map { String($0.dropLast(4)) }.sorted()
    }
}

extension DissectionNode {
    /// Every node, depth first.
    var all: [DissectionNode] { [self] + children.flatMap(\.all) }

    /// Nodes named `name` anywhere below.
    func named(_ name: String) -> [DissectionNode] { all.filter { $0.name == name } }

    /// Plain text dump (the CLI's TreeText lives in CMPOutput, which this target does not link).
    var dump: String {
        var text = ""
        func visit(_ node: DissectionNode, _ depth: Int) {
            text += String(repeating: "  ", count: depth) + node.name + (node.value.map { ": " + $0 } ?? "") + " [\(node.range)]\n"
            for finding in node.findings { text += String(repeating: "  ", count: depth + 1) + "! \(finding.code) \(finding.message)\n" }
            for child in node.children { visit(child, depth + 1) }
        }
        visit(self, 0)
        return text
    }
}
