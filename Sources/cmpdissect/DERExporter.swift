import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--export-der DIR`: each PKIMessage's DER, byte for byte as it travelled, in a file named by
/// the frame that completed it and its body type (`frame-000007-ip.der`): what Wireshark's
/// "Export Packet Bytes" gives one message at a time, and what `openssl cmp -reqin/-rspin` replays.
/// Names are zero-padded so a directory listing is in capture order; a name taken already (two
/// messages completed by one frame, or several inputs) gets `-2`, `-3`, ….
struct DERExporter {
    let directory: String
    private var used: Set<String> = []

    init(directory: String) throws {
        self.directory = directory
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw ExportError(description: "--export-der \(directory): " + String(cString: strerror(errno)))
        }
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw ExportError(description: "--export-der \(directory): not a directory")
        }
    }

    struct ExportError: Error, CustomStringConvertible {
        var description: String
    }

    static func baseName(_ message: DissectedMessage) -> String {
        let frame = message.envelope.completingFrame?.number ?? message.index
        let digits = String(frame)
        let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        return "frame-\(padded)-" + (message.summary?.body?.name ?? "undecoded")
    }

    /// Writes the message (if it carries a PKIMessage); an error text when the file cannot be written.
    mutating func export(_ message: DissectedMessage) -> String? {
        guard let der = message.envelope.pkiMessage else { return nil }
        let base = Self.baseName(message)
        var name = base + ".der"
        var suffix = 2
        while used.contains(name) {
            name = base + "-\(suffix).der"
            suffix += 1
        }
        used.insert(name)
        let path = directory + "/" + name
        guard let file = fopen(path, "wb") else {
            return "--export-der \(path): " + String(cString: strerror(errno))
        }
        let written = der.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        return written == der.count && closed == 0 ? nil : "--export-der \(path): write failed"
    }
}
