import CMPCore
import CMPOutput
import CMPPipeline
import CMPTestSupport
import Foundation
import XCTest

/// `-V` trees: a golden per capture and per message fixture, and the fields tshark's `-V` shows
/// (`<capture>.tshark.txt`) compared with ours automatically.
final class TreeGoldenTests: XCTestCase {
    static var treeOptions: PipelineOptions {
        var options = PipelineOptions()
        options.buildTree = true
        return options
    }

    static func treeText(_ file: URL) throws -> (text: String, messages: [DissectedMessage]) {
        let (messages, start) = try Fixtures.dissect(file, options: treeOptions)
        let context = RenderContext(captureStart: start)
        return (messages.map { TreeText.render($0, context: context, hexDump: false) }.joined(), messages)
    }

    func testCaptureTreeGoldens() throws {
        let entries = try Fixtures.manifest()
        XCTAssertGreaterThan(entries.count, 20)
        for entry in entries {
            let (text, messages) = try Self.treeText(entry.file)
            XCTAssertEqual(messages.filter { $0.envelope.pkiMessage != nil && $0.tree == nil }.count, 0, entry.name)
            try Golden.check(text, against: Fixtures.goldens.appendingPathComponent("\(entry.name).tree.txt"))
        }
    }

    func testMessageTreeGoldens() throws {
        let folder = Fixtures.root.appendingPathComponent("messages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".der") }.sorted()
        XCTAssertGreaterThan(names.count, 30)
        for name in names {
            let (text, messages) = try Self.treeText(folder.appendingPathComponent(name))
            XCTAssertEqual(messages.count, 1, name)
            XCTAssertFalse(text.contains("asn1.malformed"), name)
            try Golden.check(text, against: Fixtures.goldens.appendingPathComponent("message-\(name.dropLast(4)).tree.txt"))
        }
    }

    /// JSON carries the same tree: same node count and the same ranges as the text.
    func testJSONTreeHasTheTextTreesRanges() throws {
        let (messages, start) = try Fixtures.dissect(Fixtures.captures.appendingPathComponent("ir-pbm.pcap"), options: Self.treeOptions)
        let message = try XCTUnwrap(messages.first)
        let json = MessageJSON.render(message, context: RenderContext(captureStart: start))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tree = try XCTUnwrap(object["tree"] as? [String: Any])
        func ranges(_ node: [String: Any]) -> [[Int]] {
            let own = [node["offset"] as? Int ?? -1, node["length"] as? Int ?? -1]
            return [own] + ((node["children"] as? [[String: Any]]) ?? []).flatMap(ranges)
        }
        func ranges(_ node: DissectionNode) -> [[Int]] {
            [[node.range.lowerBound, node.range.count]] + node.children.flatMap(ranges)
        }
        XCTAssertEqual(ranges(tree), ranges(try XCTUnwrap(message.tree)))
        // Without -V there is no tree key (the jsonl goldens stay as they are).
        let (plain, _) = try Fixtures.dissect(Fixtures.captures.appendingPathComponent("ir-pbm.pcap"))
        XCTAssertFalse(MessageJSON.render(try XCTUnwrap(plain.first), context: RenderContext()).contains("\"tree\""))
    }

    /// A language-tagged statusString (RFC 9810 §5.1.1, RFC 2482) in `-T json -V`: the text without its
    /// tag characters, the language as its own node with the tag's offset and length.
    func testJSONTreeCarriesTheLanguageAsItsOwnNode() throws {
        let tag = [0xE0001] + "fr".unicodeScalars.map { 0xE0000 + $0.value }
        let content = Array(String(String.UnicodeScalarView(tag.compactMap(Unicode.Scalar.init))).utf8) + Array("Refusé".utf8)
        let text = DERWriter.tlv(0x0C, content)
        let status = DERWriter.tlv(0x30, DERWriter.integer(2) + DERWriter.tlv(0x30, text))
        let header = DERWriter.tlv(0x30, DERWriter.integer(2) + DERWriter.tlv(0xA4, [0x30, 0x00]) + DERWriter.tlv(0xA4, [0x30, 0x00]))
        let message = DERWriter.tlv(0x30, header + DERWriter.tlv(0xB7, DERWriter.tlv(0x30, status)))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cmpdissect-language-\(ProcessInfo.processInfo.processIdentifier).der")
        try Data(message).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (messages, _) = try Fixtures.dissect(file, options: Self.treeOptions)
        let json = MessageJSON.render(try XCTUnwrap(messages.first), context: RenderContext())
        let textStart = message.count - text.count
        XCTAssertTrue(json.contains(#"{"name":"text","value":"Refusé","offset":\#(textStart),"length":\#(text.count),"children":[{"name":"language","value":"fr","offset":\#(textStart + 2),"length":12}]}"#),
                      json)
    }

    /// `-x` appends tshark's hex/ASCII dump; absolute offsets add the stream position of each node.
    func testHexDumpAndAbsoluteOffsets() throws {
        let (messages, start) = try Fixtures.dissect(Fixtures.captures.appendingPathComponent("ir-pbm.pcap"), options: Self.treeOptions)
        let message = try XCTUnwrap(messages.first)
        let der = try XCTUnwrap(message.envelope.pkiMessage)
        let context = RenderContext(captureStart: start)
        let plain = TreeText.render(message, context: context, hexDump: false)
        let dumped = TreeText.render(message, context: context, hexDump: true)
        XCTAssertTrue(dumped.hasPrefix(plain))
        // The HTTP head's dump comes first (TransportHeaderDumpTests), then the PKIMessage's under its label.
        let label = try XCTUnwrap(dumped.range(of: "PKIMessage (\(der.count) bytes):\n"))
        let dumpLines = dumped[label.upperBound...].split(separator: "\n")
        XCTAssertEqual(dumpLines.count, (der.count + 15) / 16)
        // First line: offset, 8 + 8 bytes, ASCII. A PKIMessage starts 30 82 (a two-octet length).
        XCTAssertTrue(dumpLines.first?.hasPrefix("0000  30 82 ") ?? false, String(dumpLines.first ?? ""))
        let lineLength: Int = 4 + 2 + 48 + 1 + 2 + 16
        XCTAssertEqual(dumpLines.first?.count, lineLength)
        let offset = try XCTUnwrap(message.envelope.streamOffset)
        let absolute = TreeText.render(message, context: context, hexDump: false, absoluteOffsets: true)
        XCTAssertTrue(absolute.contains("PKIMessage [0..<\(der.count) @\(offset)]"), absolute.prefix(300).description)
        let padding = String(repeating: " ", count: 40)
        let expected: String = "0000  41 00 7f " + padding + "  A..\n"
        XCTAssertEqual(HexDump.render([0x41, 0x00, 0x7F]), expected)
    }

    /// Values tshark 4.0 shows in `-V`, per CMP message, against the same fields of our tree.
    struct Facts: Equatable {
        var pvno: [String] = []
        var transactionID: [String] = []
        var senderNonce: [String] = []
        var recipNonce: [String] = []
        var certReqId: [String] = []
        var status: [String] = []
        var checkAfter: [String] = []
        var infoType: [String] = []
        var failInfo: [String] = []
        var algorithms: Set<String> = []
    }

    static func tsharkFacts(_ text: String) -> [Facts] {
        var result = [Facts]()
        var current: Facts?
        var inFailInfo = false
        for raw in text.split(separator: "\n") {
            if !raw.hasPrefix(" ") {
                if let facts = current { result.append(facts) }
                current = raw == "Certificate Management Protocol" ? Facts() : nil
                continue
            }
            guard var facts = current else { continue }
            let line = raw.trimmingCharacters(in: .whitespaces)
            func value(_ key: String) -> String? {
                line.hasPrefix(key + ": ") ? String(line.dropFirst(key.count + 2)) : nil
            }
            if let v = value("pvno") { facts.pvno.append(number(v)) }
            if let v = value("transactionID") { facts.transactionID.append(v) }
            if let v = value("senderNonce") { facts.senderNonce.append(v) }
            if let v = value("recipNonce") { facts.recipNonce.append(v) }
            if let v = value("certReqId") { facts.certReqId.append(v) }
            if let v = value("status"), v.hasSuffix(")") { facts.status.append(number(v)) }
            if let v = value("checkAfter") { facts.checkAfter.append(v) }
            if let v = value("InfoType") { facts.infoType.append(String(v.prefix { $0 != " " })) }
            if let v = value("Algorithm Id") { facts.algorithms.insert(String(v.prefix { $0 != " " })) }
            if value("failInfo") != nil {
                inFailInfo = true
            } else if inFailInfo, let equals = line.range(of: " = ") {
                if line.hasSuffix(": True") { facts.failInfo.append(String(line[equals.upperBound...].dropLast(6))) }
            } else {
                inFailInfo = false
            }
            current = facts
        }
        if let facts = current { result.append(facts) }
        return result
    }

    /// `cmp2000 (2)` → `2`.
    static func number(_ text: String) -> String {
        guard let open = text.lastIndex(of: "("), text.hasSuffix(")") else { return text }
        return String(text[text.index(after: open)..<text.index(before: text.endIndex)])
    }

    /// `name (dotted)` → `dotted`; a bare dotted OID stays.
    static func dotted(_ label: String) -> String {
        guard label.hasSuffix(")"), let open = label.lastIndex(of: "(") else { return label }
        return String(label[label.index(after: open)..<label.index(before: label.endIndex)])
    }

    static func ourFacts(_ tree: DissectionNode) -> Facts {
        var facts = Facts()
        func visit(_ node: DissectionNode, _ inFailInfo: Bool) {
            let value = node.value ?? ""
            let leaf = node.children.isEmpty
            switch node.name {
            case "pvno": facts.pvno.append(number(value))
            case "transactionID": facts.transactionID.append(value)
            case "senderNonce": facts.senderNonce.append(value)
            case "recipNonce": facts.recipNonce.append(value)
            case "certReqId": facts.certReqId.append(value)
            case "status" where leaf && value.hasSuffix(")"): facts.status.append(number(value))
            case "checkAfter": facts.checkAfter.append(value)
            case "infoType": facts.infoType.append(dotted(value))
            case "failInfo":
                facts.failInfo += value.components(separatedBy: ", ").map { String($0.prefix { $0 != " " }) }
            case "algorithm" where leaf: facts.algorithms.insert(dotted(value))
            default: break
            }
            for child in node.children { visit(child, inFailInfo) }
        }
        visit(tree, false)
        return facts
    }

    func testTreeAgreesWithTsharkVerbose() throws {
        let manifest = try String(contentsOf: Fixtures.captures.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        let rows = manifest.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = rows.first, let tshark = header.firstIndex(of: "tshark"),
              let sequence = header.firstIndex(of: "tshark_sequence"), let file = header.firstIndex(of: "file")
        else { return XCTFail("manifest columns") }
        var compared = 0
        for row in rows.dropFirst() where row.count > max(tshark, sequence, file) && row[tshark] == "full" && row[sequence] == "=" {
            let capture = Fixtures.captures.appendingPathComponent(row[file])
            let name = row[0]
            let text = try String(contentsOf: Fixtures.captures.appendingPathComponent("\(name).tshark.txt"), encoding: .utf8)
            // TCP-Messaging PDUs without a PKIMessage (pollRep, finRep) have a CMP block but no header.
            let theirs = Self.tsharkFacts(text).filter { !$0.pvno.isEmpty }
            let (messages, _) = try Fixtures.dissect(capture, options: Self.treeOptions)
            let ours = messages.compactMap(\.tree).map(Self.ourFacts)
            XCTAssertEqual(ours.count, theirs.count, name)
            for (index, (mine, tsharks)) in zip(ours, theirs).enumerated() {
                XCTAssertEqual(mine.pvno, tsharks.pvno, "\(name) #\(index) pvno")
                XCTAssertEqual(mine.transactionID, tsharks.transactionID, "\(name) #\(index) transactionID")
                XCTAssertEqual(mine.senderNonce, tsharks.senderNonce, "\(name) #\(index) senderNonce")
                XCTAssertEqual(mine.recipNonce, tsharks.recipNonce, "\(name) #\(index) recipNonce")
                XCTAssertEqual(mine.certReqId, tsharks.certReqId, "\(name) #\(index) certReqId")
                XCTAssertEqual(mine.status, tsharks.status, "\(name) #\(index) status")
                XCTAssertEqual(mine.checkAfter, tsharks.checkAfter, "\(name) #\(index) checkAfter")
                XCTAssertEqual(mine.infoType, tsharks.infoType, "\(name) #\(index) infoType")
                XCTAssertEqual(mine.failInfo, tsharks.failInfo, "\(name) #\(index) failInfo")
                XCTAssertEqual(mine.algorithms, tsharks.algorithms, "\(name) #\(index) algorithm OIDs")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 40)
    }
}
