import CMPCore

/// One BER/DER tag-length-value header as `TLVScanner` read it, with where its parts lie in the input.
///
/// Offsets are indices into the decoder's input array. A TLV whose declared end lies beyond what its
/// enclosing element (or the input) holds is kept with `isComplete == false` and its content clamped,
/// so a truncated message still shows the fields that precede the damage.
public struct TLV: Sendable {
    /// The first identifier octet (class and constructed bits; the low five bits are the tag or 31).
    public var identifier: UInt8
    public var tagNumber: Int
    public var start: Int
    public var contentStart: Int
    /// End of the content actually available: the declared end clamped to the enclosing limit; for an
    /// indefinite length the position of the end-of-contents octets.
    public var contentEnd: Int
    /// Position after the element (after the end-of-contents octets for an indefinite length).
    public var end: Int
    /// Declared end (definite lengths); tells "truncated" from "overlong" in errors.
    public var declaredEnd: Int
    public var isIndefinite: Bool
    /// The whole element lies inside its enclosing limit.
    public var isComplete: Bool
    /// Nesting depth (the PKIMessage is 0), bounded by `Limits.maxASN1Depth`.
    public var depth: Int
    /// Why the end-of-contents of an indefinite length could not be found (too deep, bad child
    /// header). The element is then kept open to its limit, so what precedes the damage still decodes;
    /// the walk reports this failure when it needs the element's end.
    public var closingFailure: TLVScanner.Failure?

    /// 0 universal, 1 application, 2 context-specific, 3 private.
    public var tagClass: UInt8 { identifier >> 6 }
    public var isConstructed: Bool { identifier & 0x20 != 0 }
    public var range: ByteRange { ByteRange(lowerBound: start, upperBound: end) }
    public var contentRange: Range<Int> { contentStart..<contentEnd }

    public func isUniversal(_ number: Int) -> Bool { tagClass == 0 && tagNumber == number }
    public func isContext(_ number: Int) -> Bool { tagClass == 2 && tagNumber == number }

    public static let integer = 2
    public static let bitString = 3
    public static let octetString = 4
    public static let objectIdentifier = 6
    public static let sequence = 16
}
