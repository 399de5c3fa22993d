#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with the C library, so the generator needs no Foundation.
enum FileBytes {
    static func read(path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

/// The PKIMessages of a directory: every `NAME.der` in name order (the fixture messages, for the
/// decoder benchmark).
public enum MessageDirectory {
    public static func load(_ directory: String) throws(MessageDirectoryError) -> [[UInt8]] {
        guard let handle = opendir(directory) else { throw MessageDirectoryError(path: directory) }
        defer { closedir(handle) }
        var names = [String]()
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".der") { names.append(name) }
        }
        return try names.sorted().map { name throws(MessageDirectoryError) in
            guard let bytes = FileBytes.read(path: directory + "/" + name) else { throw MessageDirectoryError(path: directory + "/" + name) }
            return bytes
        }
    }
}

public struct MessageDirectoryError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "cannot read \(path)" }
}
