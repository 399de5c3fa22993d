import CMPCore
@testable import CMPTransport
import XCTest

final class ClassificationTests: XCTestCase {
    func classify(_ steps: [Step], decodeAs: TransportHint? = nil, limits: Limits = Limits()) -> (TransportSession.Classification, Driver) {
        var driver = Driver(decodeAs: decodeAs, limits: limits)
        _ = driver.run(steps)
        return (driver.session.classification, driver)
    }

    func testFirstBytes() {
        let tls: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0xF1, 0x01, 0x00, 0x00, 0xED, 0x03, 0x03]
        let cases: [(String, [Step], TransportSession.Classification)] = [
            ("TLS", [.c(tls)], .notCMP),
            ("SSH", [.s(Wire.ascii("SSH-2.0-OpenSSH_9.6\r\n"))], .notCMP),
            ("POST", [.c(Wire.ascii("POST /pkix/ HTTP/1.0\r\n"))], .http),
            ("leading CRLF", [.c(Wire.ascii("\r\nGET / HTTP/1.1\r\n"))], .http),
            ("status line first", [.s(Wire.ascii("HTTP/1.1 200 OK\r\n"))], .http),
            ("prefix only", [.c(Wire.ascii("PO"))], .undecided),
            ("prefix completed", [.c(Wire.ascii("PO")), .c(Wire.ascii("ST / HTTP/1.1\r\n"))], .http),
            ("2510 pkiMsg", [.c(Wire.rfc2510(type: 0, Wire.der()))], .tcpMessaging),
            ("v10 finRep", [.s(Wire.v10(type: 3, [0]))], .tcpMessaging),
            ("length prefix, no 0x30", [.c(Wire.rfc2510(type: 0, [0x31, 0x00]))], .undecided),
            ("2510 pollReq wrong size", [.c(Wire.rfc2510(type: 2, [0, 0, 0, 1, 2]))], .undecided),
            ("both directions junk", [.c(Wire.ascii("hello")), .s(Wire.ascii("220 smtp ready"))], .notCMP),
            ("server junk, client HTTP", [.s(Wire.ascii("xyz")), .c(Wire.request(body: Wire.der()))], .http),
            ("window spent", [.c(Array(repeating: 0x42, count: 1100))], .notCMP),
        ]
        for (name, steps, expected) in cases {
            XCTAssertEqual(classify(steps).0, expected, name)
        }
    }

    func testDecodeAsForces() {
        XCTAssertEqual(classify([.c(Wire.ascii("junk"))], decodeAs: .http).0, .http)
        XCTAssertEqual(classify([.c(Wire.ascii("POST / HTTP/1.1\r\n"))], decodeAs: .tcpMessaging).0, .tcpMessaging)
        XCTAssertEqual(TransportSession(connectionIndex: 0, client: clientEndpoint, server: serverEndpoint,
                                        decodeAs: .tcpMessaging, limits: Limits()).classification, .tcpMessaging)
    }

    func testServerJunkDoesNotHideClientCMP() {
        let request = Wire.request(body: Wire.der())
        let (classification, driver) = classify([.s(Wire.ascii("xyz")), .c(request)])
        XCTAssertEqual(classification, .http)
        XCTAssertEqual(driver.envelopes.map(\.pkiMessage), [Wire.der()])
    }

    func testNotCMPConsumesEverything() {
        var driver = Driver()
        driver.append([0x16, 0x03, 0x03, 0x00, 0x10], .clientToServer)
        for _ in 0..<100 { driver.append(Array(repeating: 0x17, count: 1000), .serverToClient) }
        XCTAssertEqual(driver.session.classification, .notCMP)
        XCTAssertEqual(driver.peakReadable, [0, 0])
        driver.session.gap(&driver.buffers[0], direction: .clientToServer, lostBytes: 10) { driver.envelopes.append($0) }
        driver.session.finish(&driver.buffers[1], direction: .serverToClient) { driver.envelopes.append($0) }
        XCTAssertEqual(driver.envelopes.count, 0)
    }

    func testUndecidedBytesAreBoundedByTheWindow() {
        var limits = Limits()
        limits.classificationWindow = 64
        var driver = Driver(limits: limits)
        for _ in 0..<10 { driver.append(Array(repeating: 0x00, count: 10), .clientToServer) }
        XCTAssertEqual(driver.session.classification, .notCMP)
        XCTAssertLessThanOrEqual(driver.peakReadable[0], 70)
    }

    func testGapBeforeClassificationIsReported() {
        let envelopes = Driver.runAllSplits([.gap(.clientToServer, 100), .c(Wire.request(body: Wire.der()))])
        XCTAssertEqual(envelopes.map(\.codes), [["tcp.gap"]])
        XCTAssertEqual(envelopes.first?.findings.first?.location, .stream(offset: 0))
    }

    func testLooksLikeMessageStart() {
        let cases: [([UInt8], Bool)] = [
            (Wire.ascii("POST /.well-known/cmp HTTP/1.1\r\n"), true),
            (Wire.ascii("HTTP/1.0 200 OK\r\n"), true),
            (Wire.ascii("GET "), true),
            (Wire.ascii("GET"), false),
            (Wire.ascii("get / HTTP/1.1"), false),
            (Wire.rfc2510(type: 5, Wire.der()), true),
            (Array(Wire.v10(type: 0, Wire.der(size: 3000)).prefix(100)), true),
            (Wire.v10(type: 2, Wire.be32(3)), true),
            (Wire.v10(type: 4, [1]), false),
            ([0x16, 0x03, 0x01, 0x02, 0x00], false),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x30], false),
            // errorMsgRep headers are all there is to check: not enough to pick a flow up again.
            (Wire.rfc2510(type: 6, Wire.ascii("bad reference")), false),
            (Wire.v10(type: 6, [0x03, 0x00, 0x00, 0x00] + Wire.ascii("x")), false),
            ([], false),
        ]
        for (bytes, expected) in cases {
            XCTAssertEqual(bytes.withUnsafeBytes { TransportSession.looksLikeMessageStart($0) }, expected, "\(bytes.prefix(8))")
        }
    }

    func testDERProbe() {
        let cases: [([UInt8], UInt64?, ProbeVerdict)] = [
            (Wire.der(), 13, .yes),
            (Wire.der(), 14, .no),
            (Wire.der(), nil, .yes),
            (Array(Wire.der().prefix(4)), nil, .needMore),
            ([0x30, 0x82, 0x01, 0x00, 0x30, 0x03, 0x02], 260, .yes),
            ([0x30, 0x85, 0, 0, 0, 0, 1], nil, .no),
            ([0x30, 0x05, 0x30, 0x09, 0x02], nil, .no),
            ([0x31, 0x05], nil, .no),
        ]
        for (bytes, total, expected) in cases {
            XCTAssertEqual(bytes.withUnsafeBytes { DERProbe.pkiMessageShape($0, total: total) }, expected, "\(bytes)")
        }
    }
}
