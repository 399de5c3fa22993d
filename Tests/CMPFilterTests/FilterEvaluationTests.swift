import CMPCore
import CMPFilter
import XCTest

/// Evaluation over hand-built messages whose facts are known (fixture-based evaluation is in
/// CommandLineTests, which has the pipeline).
final class FilterEvaluationTests: XCTestCase {
    /// An `ip` response from 10.0.0.1:8080 to 10.0.0.5:51522 over HTTP, status rejection with badPOP
    /// and badTime, certReqIds 0 and 1, one warning finding.
    let response: DissectedMessage = {
        var summary = CMPMessageSummary(length: 1542)
        summary.pvno = 2
        summary.body = .ip
        summary.transactionID = [0x3F, 0x2A, 0x9C, 0x01]
        summary.sender = "CN=Mock CA,O=Example"
        summary.statuses = [.accepted, .rejection]
        summary.failInfo = [PKIFailureInfoBit(rawValue: 3), PKIFailureInfoBit(rawValue: 9)]
        summary.certReqIds = [0, 1]
        summary.isProtected = true
        let envelope = CMPEnvelope(
            transport: .http(HTTPInfo(kind: .response, version: "1.1", method: "POST", uri: "/pkix/", status: 200)),
            source: Endpoint(address: .v4(0x0A00_0001), port: 8080),
            destination: Endpoint(address: .v4(0x0A00_0005), port: 51522), direction: .serverToClient,
            frames: [FrameRef(number: 7, timestamp: .zero)], pkiMessage: nil, connectionIndex: 0)
        return DissectedMessage(index: 1, envelope: envelope, summary: summary,
                                findings: [Finding(FindingCode("cmp.protection.missing-on-negative"), .warning, "x")])
    }()

    /// A message read from a file: no addresses, no ports, no findings, body genm, no status.
    let fileMessage: DissectedMessage = {
        var summary = CMPMessageSummary(length: 100)
        summary.pvno = 3
        summary.body = .genm
        return DissectedMessage(
            index: 1, envelope: CMPEnvelope(transport: .file, frames: [FrameRef(number: 1, timestamp: .zero)], pkiMessage: nil),
            summary: summary, findings: [])
    }()

    func testTable() throws {
        // (filter, matches the response, matches the file message)
        let cases: [(String, Bool, Bool)] = [
            ("cmp.body == ip", true, false),
            ("cmp.body == \"genm\"", false, true),
            ("cmp.body != ip", false, true),
            ("cmp.body >= genm", false, true),  // genm is 21, ip is 1
            ("cmp.pvno == 2", true, false),
            ("cmp.pvno > 2", false, true),
            ("cmp.status", true, false),
            ("!cmp.status", false, true),
            ("cmp.status == rejection", true, false),
            ("cmp.status == accepted", true, false),  // any occurrence
            ("cmp.status != accepted", false, false),  // one occurrence equals; the file has none
            ("cmp.status >= waiting", false, false),
            ("cmp.status == 2", true, false),
            ("cmp.fail_info == badPOP && cmp.fail_info == badtime", true, false),
            ("cmp.fail_info == badAlg", false, false),
            ("cmp.cert_req_id == 1", true, false),
            ("cmp.transaction_id == 3f:2a:9c:01", true, false),
            ("cmp.transaction_id == 3f2a9c02", false, false),
            ("cmp.transaction_id contains 2a9c", true, false),
            ("cmp.transaction_id < 40", true, false),
            ("cmp.sender contains \"Mock\"", true, false),
            ("cmp.sender contains \"mock\"", false, false),  // contains is case-sensitive
            ("cmp.sender matches \"^cn=mock\"", true, false),  // matches is not
            ("cmp.sender matches \"O=Ex.*e$\"", true, false),
            ("transport == http", true, false),
            ("transport == file", false, true),
            ("ip.src == 10.0.0.1", true, false),
            ("ip.dst == 10.0.0.1", false, false),
            ("ip.addr == 10.0.0.5", true, false),
            ("ip.addr == 10.0.0.0/24", true, false),
            ("ip.addr == 10.0.1.0/24", false, false),
            ("ip.addr != 10.0.0.5", false, false),
            ("ip.addr != 192.168.0.1", true, false),
            ("ip.src == ::1", false, false),
            ("tcp.port == 8080", true, false),
            ("tcp.srcport == 8080 && tcp.dstport > 50000", true, false),
            ("tcp.dstport == 8080", false, false),
            ("http.status == 200", true, false),
            ("finding.severity >= warning", true, false),
            ("finding.severity == error", false, false),
            ("finding.code == \"cmp.protection.missing-on-negative\"", true, false),
            ("finding.code contains protection", true, false),
            ("cmp.protected == 1", true, false),
            ("cmp.protected == false", false, true),
            ("cmp.body == ip && (tcp.port == 1 || tcp.port == 8080)", true, false),
            ("cmp.body == ip && tcp.port == 1 || cmp.body == genm", false, true),
            ("not (cmp.body == ip or cmp.body == genm)", false, false),
            ("frame == 7", true, false),
            ("tcp.port in {80 8080}", true, false),
            ("tcp.port in {1..1024}", false, false),
            ("tcp.port in {50000..60000}", true, false),  // the destination port 51522
            ("cmp.body in {genm, genp}", false, true),
            ("cmp.body in {ip}", true, false),
            ("cmp.status in {waiting rejection}", true, false),
            ("ip.addr in {192.168.0.0/16 10.0.0.5}", true, false),
            ("not cmp.body in {ip genm}", false, false),
        ]
        for (text, expectResponse, expectFile) in cases {
            let filter = try DisplayFilter(text)
            XCTAssertEqual(filter.matches(response), expectResponse, "\(text) on the response")
            XCTAssertEqual(filter.matches(fileMessage), expectFile, "\(text) on the file message")
        }
    }

    func testFieldTexts() throws {
        func texts(_ name: String) throws -> [String] {
            try XCTUnwrap(MessageField.named(name)).values(in: response).map(\.text)
        }
        XCTAssertEqual(try texts("cmp.status"), ["accepted", "rejection"])
        XCTAssertEqual(try texts("cmp.fail_info"), ["badTime", "badPOP"])
        XCTAssertEqual(try texts("cmp.transaction_id"), ["3f2a9c01"])
        XCTAssertEqual(try texts("ip.addr"), ["10.0.0.1", "10.0.0.5"])
        XCTAssertEqual(try texts("tcp.port"), ["8080", "51522"])
        XCTAssertEqual(try texts("cmp.recipient"), [])
    }
}
