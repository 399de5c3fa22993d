/// A half-open range of byte offsets `[lowerBound, upperBound)`.
///
/// Every tree node and finding carries one, relative to the coordinate space named where it is used
/// (a frame, a stream, or an envelope's PKIMessage), so a renderer can map it back to the bytes.
public struct ByteRange: Hashable, Sendable, CustomStringConvertible {
    public var lowerBound: Int
    public var upperBound: Int

    public init(lowerBound: Int, upperBound: Int) {
        self.lowerBound = lowerBound
        self.upperBound = Swift.max(lowerBound, upperBound)
    }

    public init(_ range: Range<Int>) {
        self.init(lowerBound: range.lowerBound, upperBound: range.upperBound)
    }

    public init(offset: Int, count: Int) {
        self.init(lowerBound: offset, upperBound: offset + count)
    }

    public var count: Int { upperBound - lowerBound }
    public var range: Range<Int> { lowerBound..<upperBound }

    /// The same range moved by `delta` (e.g. from message to stream coordinates).
    public func shifted(by delta: Int) -> ByteRange {
        ByteRange(lowerBound: lowerBound + delta, upperBound: upperBound + delta)
    }

    public var description: String { "\(lowerBound)..<\(upperBound)" }
}

/// A decoded value together with the bytes it was decoded from.
public struct Located<Value> {
    public var value: Value
    public var range: ByteRange

    public init(_ value: Value, range: ByteRange) {
        self.value = value
        self.range = range
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
