import CMPCore
import CMPOutput
import Foundation
import XCTest

/// `-T fields` layout (`-E`), `-T ek`, `-z` tables and colour, on hand-built values.
final class OutputFormatTests: XCTestCase {
    func testFieldsOptionsAsTshark() throws {
        // Layout as tshark 4.0 prints it (checked against `tshark -T fields -E …` on a crafted
        // HTTP request): absent fields empty and unquoted, quotes not escaped, tabs written \t.
        let row: [[String]] = [["7"], ["accepted", "rejection"], [], ["say \"hi\"\tthere"]]
        // (options, expected line)
        let cases: [([String], String)] = [
            ([], "7\taccepted,rejection\t\tsay \"hi\"\\tthere"),
            (["separator=,"], "7,accepted,rejection,,say \"hi\"\\tthere"),
            (["separator=/s", "occurrence=f"], "7 accepted  say \"hi\"\\tthere"),
            (["occurrence=l"], "7\trejection\t\tsay \"hi\"\\tthere"),
            (["occurrence=2"], "\trejection\t\t"),
            (["occurrence=-2"], "\taccepted\t\t"),
            (["aggregator=/s"], "7\taccepted rejection\t\tsay \"hi\"\\tthere"),
            (["quote=d"], "\"7\"\t\"accepted,rejection\"\t\t\"say \"hi\"\\tthere\""),
            (["quote=s", "separator=;"], "'7';'accepted,rejection';;'say \"hi\"\\tthere'"),
        ]
        for (options, expected) in cases {
            var layout = FieldsOutput()
            for option in options { try layout.apply(option) }
            XCTAssertEqual(layout.line(row), expected, "\(options)")
        }
        var layout = FieldsOutput()
        try layout.apply("header=y")
        XCTAssertTrue(layout.header)
        XCTAssertEqual(layout.headerLine(["frame", "cmp.status"]), "frame\tcmp.status")
    }

    func testBadFieldsOptionsAreRefused() {
        for option in ["header=maybe", "separator=ab", "quote=x", "occurrence=0", "occurrence=z", "colour=y", "header"] {
            var layout = FieldsOutput()
            XCTAssertThrowsError(try layout.apply(option), option)
        }
    }

    static func message(body: PKIBodyType, statuses: [PKIStatus] = [], findings: [Finding] = [],
                        time: Timestamp = Timestamp(seconds: 1_796_125_123, nanoseconds: 103_814_000)) -> DissectedMessage {
        var summary = CMPMessageSummary(length: 10)
        summary.body = body
        summary.statuses = statuses
        let envelope = CMPEnvelope(
            transport: .http(HTTPInfo(kind: .request, version: "1.1")),
            source: Endpoint(address: .v4(0x7F00_0001), port: 1), destination: Endpoint(address: .v4(0x7F00_0001), port: 2),
            frames: [FrameRef(number: 6, timestamp: time)], pkiMessage: nil)
        return DissectedMessage(index: 1, envelope: envelope, summary: summary, findings: findings)
    }

    func testEKIsTwoLinesOfBulkFormat() throws {
        let text = EKOutput.render(Self.message(body: .ir), context: RenderContext())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3, "action, document, and the final newline")
        XCTAssertEqual(lines[0], "{\"index\":{\"_index\":\"cmp-2026-12-01\"}}")
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        // 1796125123.103814 s: epoch milliseconds 1796125123103, as a string like tshark's.
        XCTAssertEqual(document["timestamp"] as? String, "1796125123103")
        let cmp = try XCTUnwrap((document["layers"] as? [String: Any])?["cmp"] as? [String: Any])
        XCTAssertEqual(cmp["body"] as? String, "ir")
        XCTAssertEqual(cmp["frame"] as? Int, 6)
    }

    func testStatisticsTables() {
        var statistics = Statistics()
        statistics.add(Self.message(body: .ir))
        statistics.add(Self.message(body: .ip, statuses: [.rejection], findings: [
            Finding(FindingCode("cmp.a"), .warning, "x"), Finding(FindingCode("cmp.b"), .error, "y"),
        ]))
        statistics.add(Self.message(body: .ir, findings: [Finding(FindingCode("cmp.a"), .warning, "x")]))
        let table = statistics.cmpStatTable()
        XCTAssertTrue(table.contains("CMP Statistics: 3 messages"), table)
        let lines = table.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(lines.firstIndex(of: "ir 2").map { $0 < lines.firstIndex(of: "ip 1") ?? 0 }, true, "sorted by count")
        XCTAssertTrue(lines.contains("rejection 1"))
        XCTAssertTrue(lines.contains("http 3"))
        let expert = statistics.expertTable()
        XCTAssertTrue(expert.contains("Errors (1)"), expert)
        XCTAssertTrue(expert.contains("Warnings (2)"))
        XCTAssertTrue(expert.contains("Notes (0)"))
        XCTAssertTrue(expert.contains("           2  cmp.a"), expert)
        XCTAssertLessThan(try XCTUnwrap(expert.range(of: "Errors")).lowerBound, try XCTUnwrap(expert.range(of: "Warnings")).lowerBound)
    }

    func testUnattachedFindingsCountInExpert() {
        var statistics = Statistics()
        statistics.addUnattached(FindingCode("tcp.limit"), severity: .warning, count: 934)
        statistics.add(Self.message(body: .ir, findings: [Finding(FindingCode("tcp.limit"), .warning, "x")]))
        let expert = statistics.expertTable()
        XCTAssertTrue(expert.contains("Warnings (935)"), expert)
        XCTAssertTrue(expert.contains("         935  tcp.limit"), expert)
        XCTAssertEqual(statistics.messages, 1, "unattached findings are not messages")
    }

    func testColorDecisionAndMarkup() {
        XCTAssertTrue(ColorScheme.automatic(isTerminal: true, environment: ["TERM": "xterm"]))
        XCTAssertFalse(ColorScheme.automatic(isTerminal: false, environment: [:]))
        XCTAssertFalse(ColorScheme.automatic(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(ColorScheme.automatic(isTerminal: true, environment: ["NO_COLOR": ""]), "an empty NO_COLOR does not count")
        XCTAssertFalse(ColorScheme.automatic(isTerminal: true, environment: ["TERM": "dumb"]))

        let context = RenderContext()
        let plain = ColorScheme(enabled: false)
        let colored = ColorScheme(enabled: true)
        let request = Self.message(body: .ir)
        XCTAssertEqual(plain.summary("line", message: request, context: context), "line")
        XCTAssertEqual(colored.summary("line", message: request, context: context), "\u{1B}[36mline\u{1B}[0m")
        let rejected = Self.message(body: .ip, statuses: [.rejection], findings: [Finding(FindingCode("cmp.a"), .warning, "x")])
        XCTAssertEqual(colored.summary("ip rejection [warning: cmp.a]", message: rejected, context: context),
                       "\u{1B}[31mip rejection\u{1B}[0m\u{1B}[33m [warning: cmp.a]\u{1B}[0m")
        XCTAssertEqual(colored.summary("ip", message: Self.message(body: .ip, statuses: [.accepted]), context: context),
                       "\u{1B}[32mip\u{1B}[0m")
    }
}
