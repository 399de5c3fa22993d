import Synchronization
import SwiftASN1

/// The texts of values that repeat from message to message (the sender's and recipient's names,
/// algorithm and infoType OIDs), computed once per distinct encoding instead of once per message:
/// a capture has a handful of distinct names and OIDs and tens of thousands of messages.
///
/// Bounded: a cache that fills (hostile input with a fresh name in every message) is emptied and
/// starts over, so memory stays under `capacity` entries whatever the input. Shared by the decoding
/// threads behind a mutex; a hit costs one hash of the encoding.
public final class TextCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached text of `key`, or `make()`'s, remembered under `stored()` (a key that owns its
    /// bytes, so the cache does not keep a whole message alive through a slice).
    public func text(for key: Key, stored: () -> Key, make: () -> Value) -> Value {
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

/// The caches the summary and the analyzer share.
public enum SharedText {
    /// GeneralName encodings (tag and all) to their summary text.
    public static let names = TextCache<ArraySlice<UInt8>, String>(capacity: 1024)
    /// Name encodings to RFC 4514 text (nil: not a Name that decodes).
    public static let directoryNames = TextCache<NameKey, String?>(capacity: 1024)

    public struct NameKey: Hashable, Sendable {
        public var encoding: ArraySlice<UInt8>
        /// Nesting levels the scanner still allows below the Name.
        public var depthLeft: Int
    }
    /// OBJECT IDENTIFIERs to dotted text.
    public static let oids = TextCache<ASN1ObjectIdentifier, String>(capacity: 1024)

    /// Dotted text of `oid`, as `description` gives it.
    public static func dotted(_ oid: ASN1ObjectIdentifier) -> String {
        oids.text(for: oid, stored: { detached(oid) }, make: { oid.description })
    }

    /// `oid` rebuilt from its arcs: the decoded one's bytes are a slice of the message.
    private static func detached(_ oid: ASN1ObjectIdentifier) -> ASN1ObjectIdentifier {
        (try? ASN1ObjectIdentifier(elements: oid.oidComponents)) ?? oid
    }
}
