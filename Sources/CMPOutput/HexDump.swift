/// `-x`: tshark's hex/ASCII dump, 16 bytes a line with the offset in hex, 8+8 grouping, and the
/// printable ASCII (others as `.`) on the right.
public enum HexDump {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func render(_ bytes: [UInt8], base: Int = 0) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count / 16 * 76 + 80)
        var width = 4
        while (base + bytes.count) >> (width * 4) > 0 { width += 1 }
        var offset = 0
        while offset < bytes.count {
            let end = Swift.min(offset + 16, bytes.count)
            let address = base + offset
            for shift in stride(from: (width - 1) * 4, through: 0, by: -4) { out.append(digits[(address >> shift) & 0xF]) }
            out.append(contentsOf: [0x20, 0x20])
            for index in offset..<(offset + 16) {
                if index == offset + 8 { out.append(0x20) }
                if index < end {
                    out.append(digits[Int(bytes[index] >> 4)])
                    out.append(digits[Int(bytes[index] & 0x0F)])
                } else {
                    out.append(contentsOf: [0x20, 0x20])
                }
                out.append(0x20)
            }
            out.append(contentsOf: [0x20, 0x20])
            for index in offset..<end {
                let byte = bytes[index]
                out.append(byte >= 0x20 && byte < 0x7F ? byte : UInt8(ascii: "."))
            }
            out.append(0x0A)
            offset = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}
