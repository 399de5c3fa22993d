import CMPCore
import CMPPipeline
import Foundation
import XCTest

/// Every real capture in Fixtures/captures: golden summary and JSON output, the message sequence
/// the scenario must produce, and agreement with tshark's CMP dissector on every message it decodes.
final class FixtureCaptureTests: XCTestCase {
    func testGoldenSummaryAndJSONForEveryCapture() throws {
        let entries = try Fixtures.manifest()
        XCTAssertGreaterThanOrEqual(entries.count, 35, "the fixture set must cover the scenarios of the issue")
        for entry in entries {
            let (messages, start) = try Fixtures.dissect(entry.file)
            try Golden.check(Fixtures.summaryText(messages, start: start),
                             against: Fixtures.goldens.appendingPathComponent("\(entry.name).summary.txt"))
            try Golden.check(Fixtures.jsonlText(messages, start: start),
                             against: Fixtures.goldens.appendingPathComponent("\(entry.name).jsonl"))
        }
    }

    func testEveryCaptureGivesTheScenarioSequence() throws {
        for entry in try Fixtures.manifest() {
            let (messages, _) = try Fixtures.dissect(entry.file)
            let bodies = messages.compactMap { $0.summary?.body?.name }
            XCTAssertEqual(bodies, entry.expectedBodies, "\(entry.name): message sequence")
            if !entry.tcpMessagingPDUs.isEmpty {
                XCTAssertEqual(Self.tcpMessagingSequence(messages), entry.tcpMessagingPDUs, "\(entry.name): TCP-Messaging PDUs")
            }
            for message in messages {
                let cutByGap = message.findings.contains { $0.code == .tcpGap }
                XCTAssertTrue(cutByGap || message.summary?.error == nil, "\(entry.name) frame \(message.envelope.completingFrame?.number ?? 0): \(message.summary?.error?.description ?? "")")
                if !entry.transport.isEmpty {
                    XCTAssertEqual(message.envelope.transport.name, entry.transport, "\(entry.name): transport")
                }
            }
        }
    }

    /// Our PDUs in the manifest's notation: per connection `framing:type,type!`, joined by `;`.
    static func tcpMessagingSequence(_ messages: [DissectedMessage]) -> String {
        var connections = [(index: Int, framing: String, types: [String])]()
        for message in messages {
            guard let tcp = message.envelope.transport.tcpMessaging else { continue }
            let index = message.envelope.connectionIndex ?? -1
            let type = (tcp.typeName ?? "type\(tcp.type)") + (tcp.closeConnection ? "!" : "")
            if let last = connections.last, last.index == index {
                connections[connections.count - 1].types.append(type)
            } else {
                connections.append((index, tcp.framing.rawValue, [type]))
            }
        }
        // Consecutive connections in the same framing are written as one run in the manifest.
        var runs = [(framing: String, types: [String])]()
        for connection in connections {
            if let last = runs.last, last.framing == connection.framing {
                runs[runs.count - 1].types += connection.types
            } else {
                runs.append((connection.framing, connection.types))
            }
        }
        return runs.map { "\($0.framing):" + $0.types.joined(separator: ",") }.joined(separator: ";")
    }

    func testAgreesWithTsharkOnEveryMessageItDecodes() throws {
        var compared = 0
        for entry in try Fixtures.manifest() {
            guard let table = TsharkTable(contentsOf: entry.folder.appendingPathComponent("\(entry.name).tshark.tsv")) else {
                XCTFail("\(entry.name): no tshark reference beside the capture")
                continue
            }
            let (messages, _) = try Fixtures.dissect(entry.file)
            for row in table.rows {
                guard let frame = table.values("frame.number", in: row).first.flatMap({ Int($0) }) else { continue }
                let theirBodies = table.values("cmp.body", in: row)
                guard !theirBodies.isEmpty else { continue }
                let ours = messages.filter { $0.envelope.completingFrame?.number == frame && $0.summary != nil }
                let context = "\(entry.name) frame \(frame)"
                XCTAssertEqual(ours.compactMap { $0.summary?.body.map { String($0.rawValue) } }, theirBodies, "\(context): body")
                XCTAssertEqual(ours.compactMap { $0.summary?.transactionID.map(Hex.string) },
                               table.values("cmp.transactionID", in: row), "\(context): transactionID")
                XCTAssertEqual(ours.compactMap { $0.summary?.senderNonce.map(Hex.string) },
                               table.values("cmp.senderNonce", in: row), "\(context): senderNonce")
                XCTAssertEqual(ours.compactMap { $0.summary?.recipNonce.map(Hex.string) },
                               table.values("cmp.recipNonce", in: row), "\(context): recipNonce")
                XCTAssertEqual(ours.compactMap { $0.summary?.senderKID.map(Hex.string) },
                               table.values("cmp.senderKID", in: row), "\(context): senderKID")
                XCTAssertEqual(ours.flatMap { $0.summary?.statuses.map { String($0.rawValue) } ?? [] },
                               table.values("cmp.pkistatus", in: row), "\(context): statuses")
                XCTAssertEqual(ours.flatMap { $0.summary?.checkAfter.map(String.init) ?? [] },
                               table.values("cmp.checkAfter", in: row), "\(context): checkAfter")
                compared += ours.count
            }
        }
        XCTAssertGreaterThan(compared, 40, "messages compared with tshark")
    }
}

private enum Hex {
    static func string(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
