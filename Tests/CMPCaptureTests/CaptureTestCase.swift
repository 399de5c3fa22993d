import CMPCapture
import CMPCore
import CMPTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A frame copied out of a source (whose buffers are borrowed), for comparisons.
struct ReadFrame: Equatable {
    var number: Int
    var timestamp: Timestamp
    var originalLength: Int
    var bytes: [UInt8]
}

class CaptureTestCase: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/cmpcapture-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        directory = try XCTUnwrap(made)
    }

    override func tearDownWithError() throws {
        // CMP_KEEP_TEST_CAPTURES=1 keeps the files for a look with tshark.
        guard getenv("CMP_KEEP_TEST_CAPTURES") == nil else { return print("captures kept in \(directory)") }
        if let dir = opendir(directory) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { unlink(directory + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(directory)
    }

    func write(_ bytes: [UInt8], name: String) -> String {
        let path = directory + "/" + name
        let file = fopen(path, "wb")
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
        return path
    }

    /// Reads every frame, and the error that ended the read, if any.
    func readAll(_ source: inout some FrameSource) -> (frames: [ReadFrame], error: CaptureError?) {
        var frames = [ReadFrame]()
        do {
            while let frame = try source.nextFrame() {
                frames.append(ReadFrame(number: frame.number, timestamp: frame.timestamp, originalLength: frame.originalLength,
                                        bytes: Array(frame.bytes)))
                if frames.count > 100_000 { break }
            }
        } catch let error as CaptureError {
            return (frames, error)
        } catch {
            XCTFail("unexpected error \(error)")
        }
        return (frames, nil)
    }

    func openError(_ path: String, filter: String? = nil) -> CaptureError? {
        do {
            _ = try PcapFileSource(path: path, filter: filter)
            return nil
        } catch {
            return error as? CaptureError
        }
    }

    /// A CMP-over-HTTP-sized exchange with timestamps that are not whole microseconds.
    static func conversation(
        client: Endpoint = Endpoint("10.0.0.5", 51522), server: Endpoint = Endpoint("10.0.0.1", 80),
        link: LinkLayer = .ethernet(), startNanoseconds: Int32 = 123_456_789
    ) -> [(timestamp: Timestamp, bytes: [UInt8])] {
        var conversation = TCPConversation(client: client, server: server, link: link,
                                           start: Timestamp(seconds: 1_764_588_000, nanoseconds: startNanoseconds),
                                           intervalNanoseconds: 1_000_333)
        conversation.handshake()
        conversation.send(from: .client, Array(repeating: 0x30, count: 2500), segmentSize: 1000)
        conversation.send(from: .server, Array(repeating: 0x31, count: 700))
        conversation.close()
        return conversation.frames
    }

    static func expected(_ frames: [(timestamp: Timestamp, bytes: [UInt8])], micro: Bool, numbers: [Int]? = nil) -> [ReadFrame] {
        frames.enumerated().map { index, frame in
            let ts = micro
                ? Timestamp(seconds: frame.timestamp.seconds, nanoseconds: frame.timestamp.nanoseconds / 1000 * 1000)
                : frame.timestamp
            return ReadFrame(number: numbers?[index] ?? index + 1, timestamp: ts, originalLength: frame.bytes.count, bytes: frame.bytes)
        }
    }
}
