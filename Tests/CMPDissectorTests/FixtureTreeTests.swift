import CMPCore
import CMPDissector
import XCTest

/// The tree over every OpenSSL fixture: complete, typed, ranges nested and inside the message.
final class FixtureTreeTests: XCTestCase {
    let builder = MessageTreeBuilder()

    func checkRanges(_ node: DissectionNode, within parent: ByteRange, _ name: String) {
        XCTAssertLessThanOrEqual(parent.lowerBound, node.range.lowerBound, "\(name): \(node.name)")
        XCTAssertLessThanOrEqual(node.range.upperBound, parent.upperBound, "\(name): \(node.name)")
        for child in node.children { checkRanges(child, within: node.range, name) }
    }

    /// Without full values (the text tree's builder) the tree is the same but for `fullValue`, which
    /// the JSON builder fills for every value the text shortens.
    func testTreesWithoutFullValuesDifferOnlyInThem() throws {
        var textBuilder = MessageTreeBuilder()
        textBuilder.keepsFullValues = false
        func strip(_ node: DissectionNode) -> DissectionNode {
            var node = node
            node.fullValue = nil
            node.children = node.children.map(strip)
            return node
        }
        var shortened = 0
        for name in try TreeFixtures.messageNames() {
            let bytes = try TreeFixtures.bytes(name)
            let full = builder.build(bytes).root, text = textBuilder.build(bytes).root
            XCTAssertFalse(text.all.contains { $0.fullValue != nil }, name)
            XCTAssertEqual(text, strip(full), name)
            shortened += full.all.filter { $0.fullValue != nil }.count
        }
        XCTAssertGreaterThan(shortened, 30, "the fixtures' signatures, keys and nonces past 32 bytes are shortened")
    }

    func testEveryFixtureGivesAWholeTypedTree() throws {
        for name in try TreeFixtures.messageNames() {
            let bytes = try TreeFixtures.bytes(name)
            let tree = builder.build(bytes)
            XCTAssertNil(tree.error, name)
            XCTAssertEqual(tree.findings, [], name)
            XCTAssertEqual(tree.root.range, ByteRange(0..<bytes.count), name)
            checkRanges(tree.root, within: ByteRange(0..<bytes.count), name)
            XCTAssertFalse(tree.root.all.contains { $0.name.hasPrefix("[") }, "\(name) has raw or damaged nodes")
            // The body is named after its tag byte (RFC 9810 §5.1.2: A0 + n).
            let body = try XCTUnwrap(tree.root.find("body"), name)
            XCTAssertEqual(body.value, "\(PKIBodyType(rawValue: Int(bytes[body.range.lowerBound]) - 0xA0).name) (\(Int(bytes[body.range.lowerBound]) - 0xA0))", name)
            XCTAssertEqual(tree.root.find("header", "pvno")?.value, "cmp2000 (2)", name)
        }
    }

    /// Values read against the asn1parse listings of the fixtures.
    func testRejectionAndPBMValues() throws {
        let rejection = builder.build(try TreeFixtures.bytes("ip-rejection")).root
        let status = try XCTUnwrap(rejection.named("CertResponse").first?.find("status"))
        XCTAssertEqual(status.find("status")?.value, "rejection (2)")
        // -failurebits in the fixture script sets 2, 9 and 26 (`03 05 05 20 40 00 20`).
        XCTAssertEqual(status.find("failInfo")?.value, "badRequest (2), badPOP (9), duplicateCertReq (26)")

        let pbm = builder.build(try TreeFixtures.bytes("ir-pbm")).root
        let parameters = try XCTUnwrap(pbm.find("header", "protectionAlg", "parameters"))
        XCTAssertEqual(pbm.find("header", "protectionAlg")?.value, "id-PasswordBasedMac (1.2.840.113533.7.66.13)")
        XCTAssertEqual(parameters.find("iterationCount")?.value, "500")
        XCTAssertEqual(parameters.find("owf")?.value, "sha256 (2.16.840.1.101.3.4.2.1)")
        XCTAssertEqual(parameters.find("mac")?.value, "hmac-sha1 (1.3.6.1.5.5.8.1.2)")
        XCTAssertEqual(parameters.find("salt")?.range.count, 18)
        XCTAssertEqual(pbm.find("header", "senderKID")?.value, "636c69656e742d726566 (\"client-ref\")")

        let poll = builder.build(try TreeFixtures.bytes("pollRep")).root
        XCTAssertEqual(poll.named("checkAfter").map(\.value), ["1"])
    }

    /// Every node's range is an element `openssl asn1parse` lists at that offset with that length
    /// (`hl + l`), except inside OCTET STRINGs, which asn1parse does not open (extnValue).
    func testEveryRangeIsAnElementOfTheASN1ParseListing() throws {
        var checked = 0
        for name in try TreeFixtures.messageNames() {
            let listing = try String(contentsOf: TreeFixtures.messages.appendingPathComponent("\(name).asn1parse.txt"), encoding: .utf8)
            var elements = [Int: Int]()
            for line in listing.split(separator: "\n") {
                // `  154:d=3  hl=2 l=  16 prim: ...`
                func number(after key: String) -> Int? {
                    guard let range = line.range(of: key) else { return nil }
                    return Int(line[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber })
                }
                guard let offset = Int(line.drop { $0 == " " }.prefix { $0.isNumber }),
                      let hl = number(after: "hl="), let l = number(after: " l=")
                else { continue }
                elements[offset] = hl + l
            }
            XCTAssertGreaterThan(elements.count, 10, name)
            func visit(_ node: DissectionNode) {
                if node.name == "extnValue" { return }
                XCTAssertEqual(elements[node.range.lowerBound], node.range.count, "\(name): \(node.name) at \(node.range)")
                checked += 1
                node.children.forEach(visit)
            }
            visit(builder.build(try TreeFixtures.bytes(name)).root)
        }
        XCTAssertGreaterThan(checked, 1_500)
    }

    /// The benchmark entry point runs and counts.
    func testBenchmarkEntryPoint() throws {
        let messages = try TreeFixtures.messageNames().prefix(3).map { try TreeFixtures.bytes($0) }
        XCTAssertGreaterThan(DecoderBenchmark.messagesPerSecond(messages, rounds: 1), 0)
        XCTAssertGreaterThan(DecoderBenchmark.messagesPerSecond(messages, rounds: 1, work: .tree), 0)
        XCTAssertEqual(DecoderBenchmark.messagesPerSecond([], rounds: 1), 0)
    }
}
