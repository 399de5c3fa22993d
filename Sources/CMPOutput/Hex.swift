/// Lower-case hex, as DESIGN.md's JSON keys and the summary line use for byte strings.
public enum Hex {
    private static let digits: [Character] = Array("0123456789abcdef")

    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var result = ""
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return result
    }
}
