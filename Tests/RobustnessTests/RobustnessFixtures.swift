import Foundation

/// The repository's fixtures and regression inputs, found from this file so tests run from any directory.
enum RobustnessFixtures {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every capture fixture (pcap and pcapng), by name.
    static var captures: [URL] { files(in: "captures", extensions: ["pcap", "pcapng"]) }
    /// Every single-message fixture (DER).
    static var messages: [URL] { files(in: "messages", extensions: ["der"]) }
    /// Inputs that once crashed, hung or blew up a stage (Fixtures/regressions/STAGE/NAME).
    static var regressions: [URL] {
        let directory = root.appendingPathComponent("regressions")
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { !$0.hasDirectoryPath && $0.pathExtension != "md" }
            .sorted { $0.path < $1.path }
    }

    static func files(in folder: String, extensions: Set<String>) -> [URL] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }.filter { extensions.contains($0.pathExtension) }
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
