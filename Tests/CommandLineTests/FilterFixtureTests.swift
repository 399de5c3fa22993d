import CMPCore
import CMPFilter
import CMPPipeline
import Foundation
import XCTest

/// Display filters over the fixture captures, with expectations from `manifest.tsv` (the body
/// sequence and port each capture was recorded with), not from our own output.
final class FilterFixtureTests: XCTestCase {
    struct Entry {
        var name: String, file: String, transport: String, port: Int?, sequence: [String]
    }

    func manifest() throws -> [Entry] {
        let text = try String(contentsOf: TestFixtures.captures.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        func column(_ name: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: name), name) }
        let name = try column("name"), file = try column("file"), transport = try column("transport")
        let port = try column("port"), sequence = try column("sequence")
        return lines.dropFirst().filter { $0.count > sequence && !$0[0].hasPrefix("#") }.map {
            Entry(name: $0[name], file: $0[file], transport: $0[transport], port: Int($0[port]),
                  sequence: $0[sequence].split(separator: ",").map(String.init))
        }
    }

    func count(_ filter: String, in file: String, maxMessages: Int? = nil) throws -> [DissectedMessage] {
        var options = PipelineOptions()
        options.displayFilter = try DisplayFilter(filter)
        options.maxMessages = maxMessages
        return try TestFixtures.dissect(TestFixtures.capture(file).path, options: options).messages
    }

    func testBodyFiltersCountTheManifestSequence() throws {
        let entries = try manifest()
        XCTAssertGreaterThan(entries.count, 10)
        for entry in entries {
            for body in Set(entry.sequence) {
                let expected = entry.sequence.filter { $0 == body }.count
                XCTAssertEqual(try count("cmp.body == \(body)", in: entry.file).count, expected, "\(entry.name) \(body)")
            }
            XCTAssertEqual(try count("cmp.body", in: entry.file).count, entry.sequence.count, entry.name)
            let requests = entry.sequence.filter { ["ir", "cr", "kur", "p10cr", "rr", "genm", "certConf", "pollReq"].contains($0) }
            XCTAssertEqual(try count(
                "cmp.body == ir || cmp.body == cr || cmp.body == kur || cmp.body == p10cr || cmp.body == rr || cmp.body == genm || cmp.body == certConf || cmp.body == pollReq",
                in: entry.file).count, requests.count, entry.name)
            if let port = entry.port {
                XCTAssertEqual(try count("tcp.port == \(port) && cmp.body", in: entry.file).count, entry.sequence.count, entry.name)
                XCTAssertEqual(try count("tcp.dstport == \(port) && cmp.body", in: entry.file).count, requests.count, entry.name)
            }
            if entry.transport == "http" {
                XCTAssertEqual(try count("transport == http && cmp.body", in: entry.file).count, entry.sequence.count, entry.name)
                XCTAssertEqual(try count("transport == tcpmsg", in: entry.file).count, 0, entry.name)
            }
        }
    }

    func testStatusFilters() throws {
        // rejection.pcap: ir, then ip rejecting it; polling.pcap: the first ip says waiting.
        XCTAssertEqual(try count("cmp.status == rejection", in: "rejection.pcap").map { $0.summary?.body }, [.ip])
        XCTAssertEqual(try count("cmp.fail_info", in: "rejection.pcap").map { $0.summary?.body }, [.ip])
        XCTAssertEqual(try count("cmp.status == waiting", in: "polling.pcap").map { $0.summary?.body }, [.ip])
        XCTAssertEqual(try count("cmp.status == accepted && cmp.body == ip", in: "ir-pbm.pcap").count, 1)
        XCTAssertEqual(try count("cmp.cert_req_id == 0 && cmp.body == ir", in: "ir-pbm.pcap").count, 1)
        XCTAssertEqual(try count("ip.addr == 127.0.0.0/8", in: "ir-pbm.pcap").count, 4)
        XCTAssertEqual(try count("ip.addr == ::1", in: "ipv6.pcap").count, 4)
        XCTAssertEqual(try count("cmp.pvno >= 2", in: "ir-pbm.pcap").count, 4)
    }

    func testTransactionIDFilterSeparatesTransactions() throws {
        let all = try count("cmp.body == ir", in: "several-tx.pcap")
        XCTAssertEqual(all.count, 2)
        let tid = try XCTUnwrap(all.last?.summary?.transactionID)
        let hex = tid.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: ":")
        let transaction = try count("cmp.transaction_id == \(hex)", in: "several-tx.pcap")
        XCTAssertEqual(transaction.map { $0.summary?.body }, [.ir, .ip, .certConf, .pkiconf])
    }

    /// The analyzer's transaction number: several-tx.pcap holds ir, genm and rr transactions
    /// after one another (manifest: ir,ip,certConf,pkiconf ×2, genm,genp, rr,rp).
    func testTransactionFields() throws {
        XCTAssertEqual(try count("cmp.tx == 2", in: "several-tx.pcap").map { $0.summary?.body }, [.ir, .ip, .certConf, .pkiconf])
        XCTAssertEqual(try count("cmp.tx.kind == genm", in: "several-tx.pcap").map { $0.summary?.body }, [.genm, .genp])
        XCTAssertEqual(try count("cmp.tx >= 3", in: "several-tx.pcap").count, 4)
    }

    /// `-c` counts what the filter lets through, so `-c 1 -Y 'cmp.body == ip'` prints the first ip.
    func testCountAppliesAfterTheFilter() throws {
        let first = try count("cmp.body == ip", in: "several-tx.pcap", maxMessages: 1)
        XCTAssertEqual(first.map { $0.summary?.body }, [.ip])
        XCTAssertEqual(first.first?.index, 1)
    }
}
