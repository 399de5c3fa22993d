import CMPCore
@testable import CMPTransport
import XCTest

final class TCPMessagingFramingTests: XCTestCase {
    let message = Wire.der(size: 30)

    struct Case {
        var name: String
        var pdu: [UInt8]
        var direction: Direction
        var framing: TCPMessagingFraming
        var typeName: String?
        var pkiOffset: Int?
        var pollingReference: UInt32? = nil
        var timeToCheckBack: UInt32? = nil
        var errorCode: UInt16? = nil
        var errorText: String? = nil
    }

    var cases: [Case] {
        let time: UInt32 = 1_700_000_000
        let later: UInt32 = time + 60
        let partial: [UInt8] = Wire.be32(8) + Wire.be32(later) + message
        let v10Error: [UInt8] = [0x03, 0x01, 0x00, 0x02, 0xAA, 0xBB] + Wire.ascii("busy")
        let list: [Case] = [
            Case(name: "2510 pkiMsg", pdu: Wire.rfc2510(type: 0, message), direction: .clientToServer, framing: .rfc2510,
                 typeName: "pkiMsg", pkiOffset: 5),
            Case(name: "2510 pollRep", pdu: Wire.rfc2510(type: 1, Wire.be32(7) + Wire.be32(time)), direction: .serverToClient,
                 framing: .rfc2510, typeName: "pollRep", pkiOffset: nil, pollingReference: 7, timeToCheckBack: time),
            Case(name: "2510 pollReq", pdu: Wire.rfc2510(type: 2, Wire.be32(7)), direction: .clientToServer, framing: .rfc2510,
                 typeName: "pollReq", pkiOffset: nil, pollingReference: 7),
            Case(name: "2510 negPollRep", pdu: Wire.rfc2510(type: 3, [0]), direction: .serverToClient, framing: .rfc2510,
                 typeName: "negPollRep", pkiOffset: nil),
            Case(name: "2510 partialMsgRep", pdu: Wire.rfc2510(type: 4, partial),
                 direction: .serverToClient, framing: .rfc2510, typeName: "partialMsgRep", pkiOffset: 13,
                 pollingReference: 8, timeToCheckBack: later),
            Case(name: "2510 finalMsgRep", pdu: Wire.rfc2510(type: 5, message), direction: .serverToClient, framing: .rfc2510,
                 typeName: "finalMsgRep", pkiOffset: 5),
            Case(name: "2510 errorMsgRep", pdu: Wire.rfc2510(type: 6, Wire.ascii("unknown polling reference")),
                 direction: .serverToClient, framing: .rfc2510, typeName: "errorMsgRep", pkiOffset: nil,
                 errorText: "unknown polling reference"),
            Case(name: "v10 pkiReq", pdu: Wire.v10(type: 0, message), direction: .clientToServer, framing: .v10,
                 typeName: "pkiReq", pkiOffset: 7),
            Case(name: "v10 pollRep", pdu: Wire.v10(type: 1, Wire.be32(9) + Wire.be32(time)), direction: .serverToClient,
                 framing: .v10, typeName: "pollRep", pkiOffset: nil, pollingReference: 9, timeToCheckBack: time),
            Case(name: "v10 pollReq", pdu: Wire.v10(type: 2, Wire.be32(9)), direction: .clientToServer, framing: .v10,
                 typeName: "pollReq", pkiOffset: nil, pollingReference: 9),
            Case(name: "v10 finRep", pdu: Wire.v10(type: 3, flags: 1, [0]), direction: .serverToClient, framing: .v10,
                 typeName: "finRep", pkiOffset: nil),
            Case(name: "v10 pkiRep", pdu: Wire.v10(type: 5, flags: 1, message), direction: .serverToClient, framing: .v10,
                 typeName: "pkiRep", pkiOffset: 7),
            Case(name: "v10 errorMsgRep", pdu: Wire.v10(type: 6, v10Error),
                 direction: .serverToClient, framing: .v10, typeName: "errorMsgRep", pkiOffset: nil,
                 errorCode: 0x0301, errorText: "busy"),
        ]
        return list
    }

    func testEveryTypeOfBothFramings() {
        for testCase in cases {
            for decodeAs in [nil, TransportHint.tcpMessaging] {
                let envelopes = Driver.runAllSplits([.data(testCase.direction, testCase.pdu), .finish(testCase.direction)],
                                                    decodeAs: decodeAs)
                XCTAssertEqual(envelopes.count, 1, testCase.name)
                guard let envelope = envelopes.first, let info = envelope.transport.tcpMessaging else {
                    XCTFail("no TCP-Messaging envelope: \(testCase.name)")
                    continue
                }
                XCTAssertEqual(envelope.transport.name, "tcpmsg")
                XCTAssertEqual(info.framing, testCase.framing, testCase.name)
                XCTAssertEqual(info.typeName, testCase.typeName, testCase.name)
                XCTAssertEqual(info.length, UInt32(testCase.pdu.count - 4), testCase.name)
                XCTAssertEqual(info.pollingReference, testCase.pollingReference, testCase.name)
                XCTAssertEqual(info.timeToCheckBack, testCase.timeToCheckBack, testCase.name)
                XCTAssertEqual(info.errorCode, testCase.errorCode, testCase.name)
                XCTAssertEqual(info.errorText, testCase.errorText, testCase.name)
                XCTAssertEqual(envelope.pkiMessage, testCase.pkiOffset == nil ? nil : message, testCase.name)
                XCTAssertEqual(envelope.streamOffset, UInt64(testCase.pkiOffset ?? (testCase.framing == .v10 ? 7 : 5)), testCase.name)
                XCTAssertEqual(envelope.direction, testCase.direction, testCase.name)
                XCTAssertEqual(envelope.codes, [testCase.framing == .v10 ? "tcpmsg.framing.v10" : "tcpmsg.framing.rfc2510"],
                               testCase.name)
                XCTAssertEqual(envelope.frames.count, 1)
            }
        }
    }

    func testSeveralPDUsInOneAppendAndBothDirections() {
        let requests = Wire.v10(type: 0, message) + Wire.v10(type: 2, Wire.be32(1)) + Wire.v10(type: 0, Wire.der(size: 9))
        let responses = Wire.v10(type: 1, Wire.be32(1) + Wire.be32(5)) + Wire.v10(type: 5, Wire.der(size: 200)) + Wire.v10(type: 3, flags: 1, [0])
        let envelopes = Driver.runAllSplits([.c(requests), .s(responses)], decodeAs: .tcpMessaging)
        XCTAssertEqual(envelopes.map { $0.transport.tcpMessaging?.typeName }, ["pkiReq", "pollReq", "pkiReq", "pollRep", "pkiRep", "finRep"])
        XCTAssertEqual(envelopes.map { $0.pkiMessage?.count }, [30, nil, 9, nil, 200, nil])
        let offsets: [UInt64?] = [7, 44, 55, 7, 22, 229]
        XCTAssertEqual(envelopes.map(\.streamOffset), offsets)
        XCTAssertEqual(envelopes.last?.transport.tcpMessaging?.closeConnection, true)
    }

    func testAnomalies() {
        let cases: [(String, [UInt8], Direction, Set<String>)] = [
            ("v10 type 4", Wire.v10(type: 4, [1, 2]), .clientToServer, ["tcpmsg.framing.v10", "tcpmsg.type.unknown"]),
            ("v10 type 9", Wire.v10(type: 9, []), .serverToClient, ["tcpmsg.framing.v10", "tcpmsg.type.unknown"]),
            ("2510 type 7", Wire.rfc2510(type: 7, [1]), .clientToServer, ["tcpmsg.framing.rfc2510", "tcpmsg.type.unknown"]),
            ("reserved flags", Wire.v10(type: 5, flags: 0x81, message), .serverToClient, ["tcpmsg.framing.v10", "tcpmsg.flags.reserved"]),
            ("server type 0", Wire.v10(type: 0, flags: 1, message), .serverToClient,
             ["tcpmsg.framing.v10", "tcpmsg.server-sends-request-type"]),
            ("client type 0", Wire.v10(type: 0, flags: 1, message), .clientToServer, ["tcpmsg.framing.v10"]),
            ("large", Wire.rfc2510(type: 5, Wire.der(size: 10_010)), .serverToClient, ["tcpmsg.framing.rfc2510", "tcpmsg.large"]),
            ("not large", Wire.rfc2510(type: 5, Wire.der(size: 9_999)), .serverToClient, ["tcpmsg.framing.rfc2510"]),
            ("DER shorter than value", Wire.rfc2510(type: 0, message + [0, 0]), .clientToServer,
             ["tcpmsg.framing.rfc2510", "tcpmsg.length.mismatch"]),
            ("DER longer than value", Wire.v10(type: 5, Array(message.dropLast(3))), .serverToClient,
             ["tcpmsg.framing.v10", "tcpmsg.length.mismatch"]),
            ("short pollRep", Wire.rfc2510(type: 1, [0, 0, 0, 1, 0, 0]), .serverToClient,
             ["tcpmsg.framing.rfc2510", "tcpmsg.length.mismatch"]),
        ]
        for (name, pdu, direction, expected) in cases {
            let envelopes = Driver.runAllSplits([.data(direction, pdu)], decodeAs: .tcpMessaging)
            XCTAssertEqual(envelopes.count, 1, name)
            XCTAssertEqual(envelopes.first?.codes, expected, name)
        }
    }

    func testFourGigabyteLengthIsRefusedAndResynchronised() {
        let hostile: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0A, 0x00, 0x05] + Array(repeating: 0xEE, count: 50)
        let good = Wire.v10(type: 5, message)
        var driver = Driver(decodeAs: .tcpMessaging)
        let envelopes = driver.run([.s(hostile + good)], split: .whole)
        XCTAssertEqual(envelopes.count, 2)
        XCTAssertEqual(envelopes.first?.codes, ["pdu.limit"])
        XCTAssertNil(envelopes.first?.pkiMessage)
        XCTAssertEqual(envelopes.first?.transport.tcpMessaging?.length, 0xFFFF_FFFF)
        XCTAssertEqual(envelopes.last?.pkiMessage, message)
        XCTAssertEqual(envelopes.last?.streamOffset, UInt64(hostile.count + 7))
        XCTAssertLessThan(driver.peakReadable[1], 200)
        _ = Driver.runAllSplits([.s(hostile + good)], decodeAs: .tcpMessaging)
    }

    func testGapInsidePDUThenResync() {
        let first = Wire.rfc2510(type: 0, Wire.der(size: 60))
        let second = Wire.rfc2510(type: 5, message)
        let envelopes = Driver.runAllSplits([
            .c(Array(first.prefix(30))), .gap(.clientToServer, 20), .c(Array(first.suffix(first.count - 50)) + second),
        ], decodeAs: .tcpMessaging)
        XCTAssertEqual(envelopes.count, 2)
        guard envelopes.count == 2 else { return }
        XCTAssertEqual(envelopes[0].pkiMessage, Array(Wire.der(size: 60).prefix(25)))
        XCTAssertEqual(envelopes[0].codes, ["tcpmsg.framing.rfc2510", "tcp.gap"])
        XCTAssertEqual(envelopes[0].streamOffset, 5)
        XCTAssertEqual(envelopes[1].pkiMessage, message)
        XCTAssertEqual(envelopes[1].streamOffset, UInt64(first.count + 5))
        XCTAssertEqual(envelopes[1].codes, ["tcpmsg.framing.rfc2510"])
    }

    func testGapBetweenPDUsAttachesToNext() {
        let envelopes = Driver.runAllSplits([
            .c(Wire.rfc2510(type: 0, message)), .gap(.clientToServer, 65), .c(Wire.rfc2510(type: 2, Wire.be32(4))),
        ], decodeAs: .tcpMessaging)
        XCTAssertEqual(envelopes.map(\.codes), [["tcpmsg.framing.rfc2510"], ["tcp.gap", "tcpmsg.framing.rfc2510"]])
        XCTAssertEqual(envelopes.last?.findings.first?.location, .stream(offset: 35))
        XCTAssertEqual(envelopes.last?.streamOffset, 35 + 65 + 5)
    }

    func testFramesAttribution() {
        let pdu = Wire.v10(type: 0, message)
        var driver = Driver(decodeAs: .tcpMessaging)
        driver.append(Array(pdu[0..<3]), .clientToServer, frame: 7)
        driver.append(Array(pdu[3..<20]), .clientToServer, frame: 8)
        let pollReq = Wire.v10(type: 2, [0, 0, 0, 1])
        driver.append(Array(pdu[20...]) + Array(pollReq.prefix(9)), .clientToServer, frame: 9)
        driver.append(Array(pollReq.suffix(2)), .clientToServer, frame: 10)
        XCTAssertEqual(driver.envelopes.count, 2)
        XCTAssertEqual(driver.envelopes.first?.frames.map(\.number), [7, 8, 9])
        XCTAssertEqual(driver.envelopes.first?.completingFrame?.number, 9)
        XCTAssertEqual(driver.envelopes.last?.frames.map(\.number), [9, 10])
        XCTAssertEqual(driver.envelopes.last?.transport.tcpMessaging?.pollingReference, 1)
    }

    func testIncompleteAtFinish() {
        let pdu = Wire.rfc2510(type: 5, message)
        let envelopes = Driver.runAllSplits([.s(Array(pdu.dropLast(10))), .finish(.serverToClient)], decodeAs: .tcpMessaging)
        XCTAssertEqual(envelopes.count, 1)
        XCTAssertEqual(envelopes.first?.pkiMessage, Array(message.dropLast(10)))
        XCTAssertEqual(envelopes.first?.codes, ["tcpmsg.framing.rfc2510", "tcpmsg.incomplete"])
    }

    func testLengthLimitFromLimits() {
        var limits = Limits()
        limits.maxPDUSize = 20
        let envelopes = Driver.runAllSplits([.c(Wire.rfc2510(type: 0, message) + Wire.rfc2510(type: 2, Wire.be32(1)))],
                                            decodeAs: .tcpMessaging, limits: limits)
        XCTAssertEqual(envelopes.map(\.codes), [["pdu.limit"], ["tcpmsg.framing.rfc2510"]])
    }
}
