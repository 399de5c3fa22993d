#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shared secret of `--secret pass:S | file:F`, in OpenSSL's `-secret` syntax: `file:` reads the
/// file's first line (without its line ending), as openssl-passphrase-options(1) does.
public struct SecretSpec: Sendable, Equatable {
    public var secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    public static func parse(_ text: String) throws -> SecretSpec {
        if text.hasPrefix("pass:") {
            return SecretSpec(secret: Array(text.utf8.dropFirst(5)))
        }
        if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            guard let bytes = readFile(path, maxBytes: 64 * 1024) else {
                throw ParseError(description: "cannot read the secret file \(path)")
            }
            let line = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
            return SecretSpec(secret: Array(line))
        }
        throw ParseError(description: "secret must be pass:SECRET or file:PATH")
    }

    /// Reads at most `maxBytes` of a file (secrets and PEM bundles are small; a wrong path to a huge
    /// file must not fill memory).
    static func readFile(_ path: String, maxBytes: Int) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count <= maxBytes {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes.count > maxBytes ? nil : bytes
    }
}
