import CMPTestSupport

/// One seeded damage to an input: the kinds the issue names (byte flips, insertions, deletions,
/// length-field changes). `offset` is the first byte that differs from the original.
struct Mutation: CustomStringConvertible {
    enum Kind {
        /// XOR one byte with a nonzero mask.
        case flip(mask: UInt8)
        case insert([UInt8])
        case delete(count: Int)
        /// Overwrite a 1-, 2- or 4-byte field with a boundary value: how length fields are attacked.
        case lengthField(width: Int, value: UInt32)
    }

    var kind: Kind
    var offset: Int

    /// A random mutation at or after `minimumOffset` (to keep a file header intact when asked).
    static func random(for count: Int, minimumOffset: Int = 0, using generator: inout SeededGenerator) -> Mutation {
        let low = Swift.min(Swift.max(0, minimumOffset), Swift.max(0, count - 1))
        let offset = count > low ? Int.random(in: low..<count, using: &generator) : low
        switch Int.random(in: 0..<4, using: &generator) {
        case 0:
            return Mutation(kind: .flip(mask: UInt8.random(in: 1...255, using: &generator)), offset: offset)
        case 1:
            let length = Int.random(in: 1...8, using: &generator)
            return Mutation(kind: .insert((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }), offset: offset)
        case 2:
            return Mutation(kind: .delete(count: Int.random(in: 1...16, using: &generator)), offset: offset)
        default:
            let width = [1, 2, 4][Int.random(in: 0..<3, using: &generator)]
            let values: [UInt32] = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]
            return Mutation(kind: .lengthField(width: width, value: values[Int.random(in: 0..<values.count, using: &generator)]),
                            offset: offset)
        }
    }

    func apply(to bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        let at = Swift.min(offset, result.count)
        switch kind {
        case .flip(let mask):
            if at < result.count { result[at] ^= mask }
        case .insert(let inserted):
            result.insert(contentsOf: inserted, at: at)
        case .delete(let count):
            result.removeSubrange(at..<Swift.min(result.count, at + count))
        case .lengthField(let width, let value):
            for index in 0..<width where at + index < result.count {
                result[at + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(width - 1 - index)))
            }
        }
        return result
    }

    var description: String {
        switch kind {
        case .flip(let mask): return "flip 0x\(String(mask, radix: 16)) at \(offset)"
        case .insert(let bytes): return "insert \(bytes.count) bytes at \(offset)"
        case .delete(let count): return "delete \(count) bytes at \(offset)"
        case .lengthField(let width, let value): return "set \(width)-byte field at \(offset) to 0x\(String(value, radix: 16))"
        }
    }
}
