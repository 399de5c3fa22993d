import CMPCore
import CMPOutput
import CMPPipeline
import Foundation
import XCTest

/// Paths of the repository's fixtures and build products, found from this file.
enum TestFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let captures = repository.appendingPathComponent("Fixtures/captures")
    static let messages = repository.appendingPathComponent("Fixtures/messages")

    static func capture(_ name: String) -> URL { captures.appendingPathComponent(name) }
    static func message(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: messages.appendingPathComponent(name)))
    }

    /// Runs a file through the pipeline as the command line does.
    static func dissect(_ path: String, options: PipelineOptions = PipelineOptions()) throws -> (messages: [DissectedMessage], start: Timestamp?) {
        var messages = [DissectedMessage]()
        var start: Timestamp?
        try InputDissection.dissect(path: path, filter: nil, options: options) { message, captureStart in
            messages.append(message)
            start = captureStart
        }
        return (messages, start)
    }

    static func summaries(_ messages: [DissectedMessage], start: Timestamp?) -> [String] {
        messages.map { SummaryLine.render($0, context: RenderContext(captureStart: start)) }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmpdissect-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func tool(_ name: String) -> URL? {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// Runs a program to its end; standard output and error, and the exit status.
    @discardableResult
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
