/// The dotted texts of the OBJECT IDENTIFIERs a decoder has read lately, by content octets.
///
/// Every message names the same few algorithms and info types (password-based MAC, SHA-256,
/// implicitConfirm), and validating and writing out an OID cost about two thousand instructions
/// each time, several times per message. A cached text was computed, validation included, from the
/// same octets, so a hit gives what the computation would. Owned by the decoder that uses it and
/// passed down explicitly, like `NameTextCache`; bounded like every `BoundedCache`.
public final class OIDTextCache: Sendable {
    /// Content octets to dotted text (nil: not an OID the reader accepts).
    private let texts = BoundedCache<ByteKey, String?>(capacity: 512)

    /// OIDs longer than this (no real one is) are computed every time.
    static let maxCachedLength = 64

    public init() {}

    /// The text of the OID with these content octets: cached, or `make()`'s.
    public func text(content: ArraySlice<UInt8>, make: () -> String?) -> String? {
        let key = ByteKey(content)
        guard key.isSmall(Self.maxCachedLength) else { return make() }
        return texts.value(for: key, stored: { key.detached }, make: make)
    }
}
