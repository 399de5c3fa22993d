/// The decoder's one owned output buffer for reassembled IP datagrams: a fixed allocation so the
/// `TCPSegment.payload` pointing into it stays valid until the next completed datagram (which can
/// only happen in a later `decode` call).
final class ReassemblyBuffer {
    private let storage: UnsafeMutableRawBufferPointer

    init(capacity: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// Copies `bytes` (at most `capacity`) in and returns the stored part.
    func store(_ bytes: [UInt8]) -> UnsafeRawBufferPointer {
        let count = min(bytes.count, storage.count)
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: storage[0..<count])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<count]))
        }
        return UnsafeRawBufferPointer(rebasing: storage[0..<count])
    }
}
