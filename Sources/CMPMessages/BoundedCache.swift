import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is computed from values that repeat from message to message (the texts of the sender's and
/// recipient's names, swift-certificates' reading of a certificate), computed once per distinct
/// encoding instead of once per message: a capture has a handful of distinct names and
/// certificates and tens of thousands of messages.
///
/// Bounded: a cache that fills (hostile input with a fresh name in every message) is emptied and
/// starts over, so it holds at most `capacity` entries, and the callers cache only keys of bounded
/// size (`ByteKey.isSmall`), so its memory is bounded whatever the input. Each decoder owns its
/// caches; the mutex makes them safe to share anyway (the decoders are `Sendable`). A hit costs one
/// hash of the encoding.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Entries held now (never more than `capacity`).
    public var count: Int { entries.withLock { $0.count } }

    /// The cached value of `key`, or `make()`'s, remembered under `stored()` (a key that owns its
    /// bytes, so the cache does not keep a whole message alive through a slice).
    public func value(for key: Key, stored: () -> Key, make: () -> Value) -> Value {
        if let known = entries.withLock({ $0[key] }) { return known }
        let text = make()
        let owned = stored()
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[owned] = text
        }
        return text
    }
}

/// The texts of the GeneralNames and Names a decoder has shown lately. Owned by the decoder that
/// uses it (`CMPSummaryDecoder`, `MessageTreeBuilder`) and passed down explicitly, like options.
public final class NameTextCache: Sendable {
    /// GeneralName encodings (tag and all) to their summary text.
    let generalNames = BoundedCache<ByteKey, String>(capacity: 1024)
    /// Name encodings to RFC 4514 text (nil: not a Name that decodes).
    let directoryNames = BoundedCache<NameKey, String?>(capacity: 1024)

    struct NameKey: Hashable, Sendable {
        var encoding: ByteKey
        /// Nesting levels the scanner still allows below the Name.
        var depthLeft: Int
    }

    public init() {}
}

/// Bytes as a cache key, hashed and compared as one block (`ArraySlice`'s own conformance goes
/// element by element through generic witnesses: it was most of a cache hit's cost).
public struct ByteKey: Hashable, Sendable {
    public var bytes: ArraySlice<UInt8>

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// A key owning a copy of its bytes, for storing: a slice would keep its whole message alive.
    public var detached: ByteKey { ByteKey(ArraySlice(Array(bytes))) }

    /// Whether the key is small enough to cache under `limit` bytes: a name or a certificate of a
    /// megabyte is hostile input, not something that repeats, and 1,024 of them would be a gigabyte.
    public func isSmall(_ limit: Int) -> Bool { bytes.count <= limit }

    /// Names longer than this are computed every time.
    public static let maxCachedName = 1024
    /// Certificates longer than this are parsed every time.
    public static let maxCachedCertificate = 16 * 1024

    public static func == (lhs: ByteKey, rhs: ByteKey) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        return lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
