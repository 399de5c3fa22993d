import CMPCore

/// Receives what the reassembler makes of a capture's TCP segments: per connection and direction,
/// in-order bytes in a `StreamBuffer`, gaps, and ends.
///
/// The reassembler calls these synchronously from `ingest`, handing the direction's buffer `inout`,
/// so the consumer frames PDUs straight out of the reassembly buffer without another copy (swift-nio's
/// cumulation-buffer pattern). `slot` identifies a connection from `connectionOpened` until
/// `connectionClosed`; a slot number is reused afterwards for another connection.
public protocol StreamConsumer {
    mutating func connectionOpened(slot: Int, client: Endpoint, server: Endpoint)
    /// New in-order bytes were appended to `buffer`.
    mutating func streamData(slot: Int, direction: Direction, buffer: inout StreamBuffer)
    /// `lostBytes` bytes were never captured (or dropped by a limit) after what `buffer` holds.
    /// The consumer deals with a PDU in progress and must call `buffer.discardReadable(thenSkip:)`.
    mutating func streamGap(slot: Int, direction: Direction, buffer: inout StreamBuffer, lostBytes: UInt64)
    /// The direction has ended (FIN or RST reached in order, eviction, or end of input).
    mutating func streamEnded(slot: Int, direction: Direction, buffer: inout StreamBuffer)
    mutating func connectionClosed(slot: Int)
    /// A reassembly finding (`tcp.overlap.conflict`, `tcp.limit`) about one direction.
    mutating func reassemblyFinding(slot: Int, direction: Direction, _ finding: Finding)
    /// False once the consumer knows the connection carries no CMP: the reassembler then stops
    /// buffering it (most bytes of a real capture are not CMP).
    func wantsData(slot: Int) -> Bool
    /// Asked for each payload-carrying segment of a connection that is not buffered: true picks the
    /// connection up again at this segment (late detection, e.g. a keep-alive connection whose first
    /// request was not CMP).
    mutating func shouldResume(slot: Int, direction: Direction, payload: UnsafeRawBufferPointer) -> Bool
}
