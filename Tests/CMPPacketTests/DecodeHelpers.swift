import CMPCore
import CMPTestSupport
import XCTest

@testable import CMPPacket

/// A copy of a decode result that outlives the borrowed buffers, for comparisons.
struct DecodedSegment: Equatable {
    var source: Endpoint
    var destination: Endpoint
    var seq: UInt32
    var ack: UInt32
    var flags: TCPFlags
    var window: UInt16
    var payload: [UInt8]
    var payloadOffsetInFrame: Int?
}

enum Outcome: Equatable {
    case tcp(DecodedSegment)
    case fragmentHeld
    case notTCP(String)
    case malformed(PacketError)

    var segment: DecodedSegment? { if case .tcp(let s) = self { s } else { nil } }
    var error: PacketError? { if case .malformed(let e) = self { e } else { nil } }
}

extension PacketDecoder {
    mutating func run(_ bytes: [UInt8], _ linkType: LinkType, time: Timestamp = Timestamp(seconds: 100, nanoseconds: 0), number: Int = 1) -> Outcome {
        bytes.withUnsafeBytes { buffer in
            let frame = Frame(ref: FrameRef(number: number, timestamp: time), linkType: linkType, originalLength: bytes.count, bytes: buffer)
            switch decode(frame) {
            case .tcp(let s):
                XCTAssertEqual(s.frame.number, number)
                return .tcp(DecodedSegment(
                    source: s.source, destination: s.destination, seq: s.sequenceNumber, ack: s.acknowledgmentNumber,
                    flags: s.flags, window: s.window, payload: Array(s.payload), payloadOffsetInFrame: s.payloadOffsetInFrame))
            case .fragmentHeld: return .fragmentHeld
            case .notTCP(let name): return .notTCP(name)
            case .malformed(let error): return .malformed(error)
            }
        }
    }
}

enum Fixture {
    static let client4 = Endpoint("192.0.2.10", 51522)
    static let server4 = Endpoint("198.51.100.1", 8080)
    static let client6 = Endpoint("2001:db8::10", 51522)
    static let server6 = Endpoint("2001:db8:1::1", 80)
    static let payload: [UInt8] = Array("POST /pkix/ HTTP/1.1\r\n".utf8)

    static func segment(_ src: Endpoint, _ dst: Endpoint, payload: [UInt8] = Fixture.payload, offset: Int?) -> DecodedSegment {
        DecodedSegment(source: src, destination: dst, seq: 0x0102_0304, ack: 0xA0B0_C0D0, flags: [.ack, .psh], window: 512,
                       payload: payload, payloadOffsetInFrame: offset)
    }

    static func ip(_ src: Endpoint, _ dst: Endpoint, payload: [UInt8] = Fixture.payload, options: [UInt8] = []) -> [UInt8] {
        TestPacket.tcp(src: src, dst: dst, seq: 0x0102_0304, ack: 0xA0B0_C0D0, flags: [.ack, .psh], payload: payload,
                       options: options, window: 512)
    }
}
