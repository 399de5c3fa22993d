import CMPCore
import CMPOutput
import CMPPipeline
import Foundation
import XCTest

/// Where the repository's fixtures are, found from this file so tests run from any directory.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let captures = root.appendingPathComponent("captures")
    static let crafted = root.appendingPathComponent("crafted")
    static let goldens = root.appendingPathComponent("goldens")

    /// One row of `Fixtures/captures/manifest.tsv`.
    struct CaptureEntry {
        var name: String
        var file: URL
        var folder: URL { file.deletingLastPathComponent() }
        var expectedBodies: [String]
        var transport: String
        /// TCP-Messaging PDUs per connection as `framing:type,type!` (`!` = closeConnection),
        /// connections separated by `;`; empty for HTTP captures.
        var tcpMessagingPDUs: String
    }

    /// The real captures and the crafted ones, each folder with its manifest.
    static func manifest() throws -> [CaptureEntry] {
        try manifest(in: captures) + manifest(in: crafted)
    }

    static func manifest(in captures: URL) throws -> [CaptureEntry] {
        let text = try String(contentsOf: captures.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        var entries = [CaptureEntry]()
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else { return [] }
        func column(_ names: [String]) -> Int? { header.firstIndex { names.contains($0.lowercased()) } }
        guard let nameColumn = column(["name", "capture", "fixture"]),
              let sequenceColumn = column(["sequence", "expected_sequence", "messages", "bodies"]) else {
            XCTFail("manifest.tsv header not understood: \(header)")
            return []
        }
        let transportColumn = column(["transport"])
        let pduColumn = column(["tcpmsg_pdus"])
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(nameColumn, sequenceColumn) else { continue }
            let name = fields[nameColumn]
            let candidates = ["\(name).pcap", "\(name).pcapng", name]
            guard let file = candidates.map({ captures.appendingPathComponent($0) })
                .first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
                XCTFail("manifest names \(name) but no capture file exists")
                continue
            }
            let sequence = fields[sequenceColumn].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            func field(_ index: Int?) -> String { index.map { fields.count > $0 ? fields[$0] : "" } ?? "" }
            let pdus = field(pduColumn)
            entries.append(CaptureEntry(name: name, file: file, expectedBodies: sequence,
                                        transport: field(transportColumn), tcpMessagingPDUs: pdus == "-" ? "" : pdus))
        }
        return entries
    }

    /// Runs a file through the pipeline as the command line does.
    static func dissect(_ file: URL, options: PipelineOptions = PipelineOptions()) throws -> (messages: [DissectedMessage], start: Timestamp?) {
        var messages = [DissectedMessage]()
        var start: Timestamp?
        try InputDissection.dissect(path: file.path, filter: nil, options: options) { message, captureStart in
            messages.append(message)
            start = captureStart
        }
        return (messages, start)
    }

    static func summaryText(_ messages: [DissectedMessage], start: Timestamp?) -> String {
        messages.map { SummaryLine.render($0, context: RenderContext(captureStart: start)) + "\n" }.joined()
    }

    static func jsonlText(_ messages: [DissectedMessage], start: Timestamp?) -> String {
        messages.map { MessageJSON.render($0, context: RenderContext(captureStart: start)) + "\n" }.joined()
    }
}

/// Golden files: compared byte for byte; rewritten only when CMPDISSECT_UPDATE_GOLDENS=1, so a
/// reviewer sees every change to expected output in the diff.
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["CMPDISSECT_UPDATE_GOLDENS"] == "1" }

    static func check(_ actual: String, against url: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        if updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden \(url.lastPathComponent); run with CMPDISSECT_UPDATE_GOLDENS=1 and review it", file: file, line: line)
            return
        }
        if expected != actual {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let index = Array(zip(expectedLines, actualLines)).firstIndex { $0 != $1 } ?? min(expectedLines.count, actualLines.count)
            XCTFail("""
                \(url.lastPathComponent) differs at line \(index + 1):
                  expected: \(index < expectedLines.count ? String(expectedLines[index]) : "<end>")
                  actual:   \(index < actualLines.count ? String(actualLines[index]) : "<end>")
                """, file: file, line: line)
        }
    }
}

/// tshark's `-T fields` output stored beside each capture (`<name>.tshark.tsv`), the independent
/// decoder the end-to-end tests compare with.
struct TsharkTable {
    var header: [String]
    var rows: [[String]]

    init?(contentsOf url: URL) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first else { return nil }
        header = first.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        rows = lines.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The values of `field` in `row`, split at tshark's aggregator (`,`), colons of byte strings removed.
    func values(_ field: String, in row: [String]) -> [String] {
        guard let index = header.firstIndex(of: field), index < row.count, !row[index].isEmpty else { return [] }
        return row[index].split(separator: ",").map { $0.replacingOccurrences(of: ":", with: "").lowercased() }
    }
}
