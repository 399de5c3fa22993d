import CMPCore
import Foundation
import XCTest
@testable import CMPOutput

final class OutputTests: XCTestCase {
    private func sampleMessage() -> DissectedMessage {
        let client = Endpoint(address: IPAddress("10.0.0.5")!, port: 51522)
        let server = Endpoint(address: IPAddress("10.0.0.1")!, port: 8080)
        let start = Timestamp(seconds: 1_700_000_000, nanoseconds: 0)
        let envelope = CMPEnvelope(
            transport: .http(HTTPInfo(kind: .response, version: "1.0", method: "POST", uri: "/pkix/", status: 200,
                                      reason: "OK", contentType: "application/pkixcmp")),
            source: server, destination: client, direction: .serverToClient,
            frames: [FrameRef(number: 6, timestamp: Timestamp(seconds: 1_700_000_000, nanoseconds: 80_000_000)),
                     FrameRef(number: 7, timestamp: Timestamp(seconds: 1_700_000_000, nanoseconds: 83_215_000))],
            pkiMessage: [0x30, 0x00])
        var summary = CMPMessageSummary(length: 1542)
        summary.pvno = 2
        summary.body = .ip
        summary.transactionID = [0x3F, 0x2A, 0x9C, 0x01, 0x55]
        summary.senderNonce = [0xAB]
        summary.statuses = [.rejection]
        summary.failInfo = [PKIFailureInfoBit(rawValue: 9)]
        summary.certReqIds = [0]
        summary.sender = "CN=server,O=Example \"Q\""
        summary.isProtected = false
        let findings = [
            Finding(FindingCode("cmp.protection.missing-on-negative"), .warning, "negative response without protection",
                    at: .message(ByteRange(offset: 4, count: 10))),
            Finding(.httpVersion10, .chat, "HTTP/1.0", at: .stream(offset: 0)),
        ]
        _ = start
        return DissectedMessage(index: 1, envelope: envelope, summary: summary, findings: findings)
    }

    /// The byte writers behind the summary line say what the string forms say.
    func testSummaryLineWritersAgreeWithTheTextForms() {
        let origin = Timestamp(seconds: 1_700_000_000, nanoseconds: 500_000_000)
        let times = [origin, Timestamp(seconds: 1_700_000_000, nanoseconds: 500_000_999),
                     Timestamp(seconds: 1_700_000_123, nanoseconds: 7_000), Timestamp(seconds: 1_699_999_999, nanoseconds: 0),
                     Timestamp(seconds: 0, nanoseconds: 0), Timestamp(seconds: Int64.max / 2_000_000_000, nanoseconds: 999_999_999)]
        for time in times {
            // The reference: whole and fractional microseconds through printf's formatting.
            let delta = time.nanoseconds(since: origin) / 1000
            let expected = (delta < 0 ? "-" : "") + String(format: "%lld.%06lld", abs(delta) / 1_000_000, abs(delta) % 1_000_000)
            XCTAssertEqual(time.relativeSeconds(since: origin), expected)
        }
        for text in ["0.0.0.0", "255.255.255.255", "10.0.0.5", "192.0.2.10", "2001:db8::1", "::", "fe80::1:0:0:2"] {
            for port in [0, 80, 65535] as [UInt16] {
                let endpoint = Endpoint(address: IPAddress(text)!, port: port)
                var bytes = [UInt8]()
                SummaryLine.appendEndpoint(endpoint, to: &bytes)
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self), endpoint.description)
            }
        }
    }

    func testSummaryLineMatchesDesignExample() {
        let context = RenderContext(captureStart: Timestamp(seconds: 1_700_000_000, nanoseconds: 0))
        XCTAssertEqual(
            SummaryLine.render(sampleMessage(), context: context),
            "  7   0.083215 10.0.0.1:8080 → 10.0.0.5:51522 CMP/HTTP 1542 ip tid=3f2a9c01… rejection(badPOP) [warning: cmp.protection.missing-on-negative]")
    }

    func testJSONKeysInContractOrder() {
        let context = RenderContext(captureStart: Timestamp(seconds: 1_700_000_000, nanoseconds: 0))
        let json = MessageJSON.render(sampleMessage(), context: context)
        XCTAssertTrue(json.hasPrefix(
            #"{"frame":7,"frames":[6,7],"time":"2023-11-14T22:13:20.083215Z","rel_time":"0.083215","src":"10.0.0.1","sport":8080,"dst":"10.0.0.5","dport":51522,"transport":"http","http":{"version":"1.0","method":"POST","uri":"/pkix/","status":200,"content_type":"application/pkixcmp"},"tcpmsg":null,"length":1542,"pvno":2,"body":"ip","transaction_id":"3f2a9c0155","sender_nonce":"ab","recip_nonce":null,"sender_kid":null,"sender":"CN=server,O=Example \"Q\"","recipient":null,"protection_alg":null,"protected":false,"statuses":["rejection"],"fail_info":["badPOP"],"cert_req_ids":[0],"findings":[{"code":"cmp.protection.missing-on-negative","severity":"warning","message":"negative response without protection","offset":4,"scope":"message"},{"code":"http.version.1.0","severity":"chat","message":"HTTP/1.0","offset":0,"scope":"stream"}]"#),
            json)
    }

    func testJSONEscaping() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.string("a\"b\\c\n\u{01}é")
        writer.int(nil)
        writer.endArray()
        XCTAssertEqual(writer.text, #"["a\"b\\c\n\u0001é",null]"#)
    }

    func testTCPMessagingControlPDU() {
        let info = TCPMessagingInfo(framing: .rfc2510, type: 1, typeName: "pollRep", flags: nil, length: 9,
                                    pollingReference: 7, timeToCheckBack: 86_400)
        let envelope = CMPEnvelope(transport: .tcpMessaging(info, http: nil),
                                   frames: [FrameRef(number: 3, timestamp: .zero)], pkiMessage: nil)
        let line = SummaryLine.render(DissectedMessage(index: 1, envelope: envelope, summary: nil, findings: []),
                                      context: RenderContext(captureStart: .zero))
        XCTAssertEqual(line, "  3   0.000000 - → - CMP/TCP 13 pollRep ref=7 checkBack=1970-01-02T00:00:00.000000Z")
    }

    /// Found by the capture fuzz harness: a peer's errorMsgRep text with a newline split the line.
    func testErrorTextFromTheWireStaysOnOneLine() {
        let info = TCPMessagingInfo(framing: .v10, type: 6, typeName: "errorMsgRep", flags: 0, length: 20,
                                    errorCode: 768, errorText: "bad\nref\t\"x\"\u{01}")
        let envelope = CMPEnvelope(transport: .tcpMessaging(info, http: nil),
                                   frames: [FrameRef(number: 1, timestamp: .zero)], pkiMessage: nil)
        let line = SummaryLine.render(DissectedMessage(index: 1, envelope: envelope, summary: nil, findings: []),
                                      context: RenderContext(captureStart: .zero))
        XCTAssertFalse(line.contains("\n"))
        XCTAssertTrue(line.hasSuffix(#"errorMsgRep errorCode=768 "bad\nref\t\"x\"\x01""#), line)
    }
}
