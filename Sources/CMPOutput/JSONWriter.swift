import CMPCore

/// A small JSON text builder with a fixed key order, so `-T json`/`jsonl` output is deterministic
/// and golden-testable (Foundation's JSONSerialization orders keys by hash on Linux).
///
/// Writes UTF-8 bytes, not a `String`: the writer appends many short pieces per message, and the
/// output goes to a byte buffer anyway (`-T jsonl` spent half its JSON time in `String` appends).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// One entry per open container: whether the next element needs a comma first.
    private var needsComma = [false]
    /// A key was just written: the next value belongs to it and takes no comma.
    private var afterKey = false

    public init() {
        bytes.reserveCapacity(1024)
    }

    /// Lets `write` append JSON to `buffer` itself (an output buffer, swapped in and out), so a
    /// message's JSON is not built in an array of its own and then copied.
    public static func append(to buffer: inout [UInt8], _ write: (inout JSONWriter) -> Void) {
        var writer = JSONWriter(bytes: [])
        swap(&writer.bytes, &buffer)
        write(&writer)
        swap(&writer.bytes, &buffer)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public mutating func beginObject() { startValue(); bytes.append(0x7B); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(0x7D) }
    public mutating func beginArray() { startValue(); bytes.append(0x5B); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(0x5D) }

    /// Keys are the contract's literals (DESIGN.md), which need no escaping: written as they are,
    /// without the scan a value gets (forty keys a message).
    public mutating func key(_ name: StaticString) {
        startValue()
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
        afterKey = true
    }

    public mutating func string(_ value: String?) {
        startValue()
        if let value { Self.appendQuoted(value, to: &bytes) } else { append("null") }
    }

    /// A string whose characters `write` appends itself, as ASCII that needs no escaping (a time).
    public mutating func asciiString(_ write: (inout [UInt8]) -> Void) {
        startValue()
        bytes.append(0x22)
        write(&bytes)
        bytes.append(0x22)
    }

    public mutating func int(_ value: Int?) {
        startValue()
        guard let value else { return append("null") }
        DecimalBytes.append(value, to: &bytes)
    }

    public mutating func uint(_ value: UInt64?) {
        startValue()
        guard let value else { return append("null") }
        DecimalBytes.append(value, to: &bytes)
    }

    public mutating func bool(_ value: Bool?) { startValue(); append(value.map { $0 ? "true" : "false" } ?? "null") }
    public mutating func null() { startValue(); append("null") }
    /// Pre-rendered JSON (e.g. a nested object from another writer).
    public mutating func raw(_ json: String) { startValue(); append(json) }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func field(_ name: StaticString, _ value: String?) { key(name); string(value) }
    /// Bytes as a lower-case hex string, or null.
    public mutating func field(_ name: StaticString, hex value: [UInt8]?) {
        key(name)
        if let value { asciiString { Hex.append(value, to: &$0) } } else { null() }
    }
    public mutating func field(_ name: StaticString, _ value: Int?) { key(name); int(value) }
    public mutating func field(_ name: StaticString, _ value: Bool?) { key(name); bool(value) }
    public mutating func field(_ name: StaticString, strings: [String]) {
        key(name); beginArray(); for item in strings { string(item) }; endArray()
    }
    public mutating func field(_ name: StaticString, ints: [Int]) {
        key(name); beginArray(); for item in ints { int(item) }; endArray()
    }

    private mutating func startValue() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
    }

    /// RFC 8259 string escaping; non-ASCII is written as UTF-8. Keys, hex strings, names and
    /// addresses almost never need escaping: those are appended whole (one copy).
    static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0x00..<0x20, 0x7F:
                    // \u00XX, lower-case hex as before.
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
                    Hex.append(CollectionOfOne(byte), to: &bytes)
                default:
                    bytes.append(byte)  // UTF-8 of non-ASCII passes as it is
                }
            }
        }
        bytes.append(0x22)
    }
}
