/// One packet of a generated flow, decided when the flow is planned: its TCP fields and the bytes
/// of its direction's stream it carries (`start..<end`).
struct PlannedPacket {
    var fromClient: Bool
    var isUDP: Bool
    var flags: UInt8
    var seq: UInt32
    var ack: UInt32
    var start: Int
    var end: Int
}
