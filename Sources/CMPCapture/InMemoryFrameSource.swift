import CMPCore

/// Frames from memory, for tests of the later stages. All frames are copied once into one owned
/// allocation, so the borrowed `Frame.bytes` stay valid for the life of the source (longer than
/// the protocol promises, which is harmless).
public struct InMemoryFrameSource: FrameSource {
    /// Owns the bytes; shared by copies of the source (read-only after init).
    final class Storage {
        let bytes: UnsafeMutableRawBufferPointer
        let ranges: [Range<Int>]

        init(_ frames: [[UInt8]]) {
            let total = frames.reduce(0) { $0 + $1.count }
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, total), alignment: 8)
            var ranges = [Range<Int>]()
            var offset = 0
            for frame in frames {
                let range = offset..<(offset + frame.count)
                frame.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: bytes[range]).copyMemory(from: $0) }
                ranges.append(range)
                offset = range.upperBound
            }
            self.bytes = bytes
            self.ranges = ranges
        }

        deinit { bytes.deallocate() }
    }

    public let linkType: LinkType
    private let storage: Storage
    private let timestamps: [Timestamp]
    private let originalLengths: [Int]?
    private var index = 0

    /// `originalLengths`, when given, sets each frame's wire length (snapped-capture tests).
    public init(frames: [(timestamp: Timestamp, bytes: [UInt8])], linkType: LinkType, originalLengths: [Int]? = nil) {
        self.linkType = linkType
        self.storage = Storage(frames.map(\.bytes))
        self.timestamps = frames.map(\.timestamp)
        self.originalLengths = originalLengths
    }

    public mutating func nextFrame() throws -> Frame? {
        guard index < storage.ranges.count else { return nil }
        let range = storage.ranges[index]
        let original = originalLengths.flatMap { index < $0.count ? $0[index] : nil } ?? range.count
        index += 1
        return Frame(
            ref: FrameRef(number: index, timestamp: timestamps[index - 1]), linkType: linkType,
            originalLength: original, bytes: UnsafeRawBufferPointer(rebasing: storage.bytes[range]))
    }
}
