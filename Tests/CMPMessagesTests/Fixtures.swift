import Foundation

/// The OpenSSL-made messages in `Fixtures/messages` (see scripts/make-message-fixtures.sh).
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/messages")

    static func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(file)))
    }

    /// Base names (without `.der`) of every DER fixture, sorted.
    static func messageNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".der") }
            .map { String($0.dropLast(4)) }
            .sorted()
    }

    static func listing(_ name: String) throws -> ASN1ParseListing {
        ASN1ParseListing(text: try String(contentsOf: folder.appendingPathComponent("\(name).asn1parse.txt"), encoding: .utf8))
    }
}
