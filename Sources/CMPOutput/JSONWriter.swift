/// A small JSON text builder with a fixed key order, so `-T json`/`jsonl` output is deterministic
/// and golden-testable (Foundation's JSONSerialization orders keys by hash on Linux).
public struct JSONWriter {
    public private(set) var text = ""
    /// One entry per open container: whether the next element needs a comma first.
    private var needsComma = [false]
    /// A key was just written: the next value belongs to it and takes no comma.
    private var afterKey = false

    public init() {}

    public mutating func beginObject() { startValue(); text += "{"; needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); text += "}" }
    public mutating func beginArray() { startValue(); text += "["; needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); text += "]" }

    public mutating func key(_ name: String) {
        startValue()
        Self.appendQuoted(name, to: &text)
        text += ":"
        afterKey = true
    }

    public mutating func string(_ value: String?) {
        startValue()
        if let value { Self.appendQuoted(value, to: &text) } else { text += "null" }
    }

    public mutating func int(_ value: Int?) { startValue(); text += value.map { String($0) } ?? "null" }
    public mutating func uint(_ value: UInt64?) { startValue(); text += value.map { String($0) } ?? "null" }
    public mutating func bool(_ value: Bool?) { startValue(); text += value.map { $0 ? "true" : "false" } ?? "null" }
    public mutating func null() { startValue(); text += "null" }
    /// Pre-rendered JSON (e.g. a nested object from another writer).
    public mutating func raw(_ json: String) { startValue(); text += json }

    public mutating func field(_ name: String, _ value: String?) { key(name); string(value) }
    public mutating func field(_ name: String, _ value: Int?) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Bool?) { key(name); bool(value) }
    public mutating func field(_ name: String, strings: [String]) {
        key(name); beginArray(); for item in strings { string(item) }; endArray()
    }
    public mutating func field(_ name: String, ints: [Int]) {
        key(name); beginArray(); for item in ints { int(item) }; endArray()
    }

    private mutating func startValue() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    /// RFC 8259 string escaping; non-ASCII is written as UTF-8. Keys, hex strings, names and
    /// addresses almost never need escaping: those are appended whole (one copy, not one append
    /// per scalar, which made `-T jsonl` more than twice as slow as the summary line).
    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
