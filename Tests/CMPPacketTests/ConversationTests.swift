import CMPCore
import CMPTestSupport
import XCTest

@testable import CMPPacket

/// Checks `TCPConversation` (which other stages' tests rely on) through the decoder.
final class ConversationTests: XCTestCase {
    func testSequenceNumbersWrapAround() {
        let client = Endpoint("10.1.1.1", 40000), server = Endpoint("10.2.2.2", 80)
        var conversation = TCPConversation(client: client, server: server, link: .ethernet(vlanTags: [VLANTag(vlanID: 3)]),
                                           clientISN: 0xFFFF_FFF0, serverISN: 0x7FFF_FFFF)
        conversation.handshake()
        conversation.send(from: .client, Array(repeating: 7, count: 40), segmentSize: 16)
        conversation.send(from: .server, [1, 2, 3])
        conversation.close()
        // (seq, ack, flags, payload length) worked out by hand: the SYN takes 0xFFFFFFF0, data starts
        // at 0xFFFFFFF1 and wraps after 15 bytes; each FIN consumes one number.
        let expected: [(Endpoint, UInt32, UInt32, TCPFlags, Int)] = [
            (client, 0xFFFF_FFF0, 0, .syn, 0),
            (server, 0x7FFF_FFFF, 0xFFFF_FFF1, [.syn, .ack], 0),
            (client, 0xFFFF_FFF1, 0x8000_0000, .ack, 0),
            (client, 0xFFFF_FFF1, 0x8000_0000, .ack, 16),
            (client, 0x0000_0001, 0x8000_0000, .ack, 16),
            (client, 0x0000_0011, 0x8000_0000, [.ack, .psh], 8),
            (server, 0x8000_0000, 0x0000_0019, [.ack, .psh], 3),
            (client, 0x0000_0019, 0x8000_0003, [.fin, .ack], 0),
            (server, 0x8000_0003, 0x0000_001A, [.fin, .ack], 0),
            (client, 0x0000_001A, 0x8000_0004, .ack, 0),
        ]
        XCTAssertEqual(conversation.frames.count, expected.count)
        var decoder = PacketDecoder()
        for (index, (frame, want)) in zip(conversation.frames, expected).enumerated() {
            guard let segment = decoder.run(frame.bytes, .ethernet).segment else { return XCTFail("frame \(index + 1)") }
            XCTAssertEqual(segment.source, want.0, "frame \(index + 1)")
            XCTAssertEqual(segment.destination, want.0 == client ? server : client)
            XCTAssertEqual(segment.seq, want.1, "frame \(index + 1)")
            XCTAssertEqual(segment.ack, want.2, "frame \(index + 1)")
            XCTAssertEqual(segment.flags, want.3, "frame \(index + 1)")
            XCTAssertEqual(segment.payload.count, want.4, "frame \(index + 1)")
            XCTAssertEqual(segment.payloadOffsetInFrame, 14 + 4 + 20 + 20)
        }
        // Timestamps advance by the interval (1 ms by default).
        XCTAssertEqual(conversation.frames[1].timestamp.nanoseconds(since: conversation.frames[0].timestamp), 1_000_000)
    }
}
