import CMPCapture
import CMPCore
import CMPTestSupport
import XCTest

final class PcapFileSourceTests: CaptureTestCase {
    func testClassicPcapBothByteOrdersMicroAndNano() throws {
        let frames = Self.conversation()
        XCTAssertEqual(frames.count, 10)
        try assertRoundTrips(frames, linkType: .ethernet, suffix: "pcap") { nano, big in
            PcapWriter.pcap(frames: frames, linkType: .ethernet, nanosecond: nano, bigEndian: big)
        }
    }

    func testPcapngBothByteOrdersMicroAndNano() throws {
        let frames = Self.conversation(link: .sll2)
        try assertRoundTrips(frames, linkType: .linuxSLL2, suffix: "pcapng") { nano, big in
            PcapWriter.pcapng(frames: frames, linkType: .linuxSLL2, nanosecond: nano, bigEndian: big)
        }
    }

    /// Writes the frames in both byte orders with micro- and nanosecond timestamps and reads them back.
    func assertRoundTrips(
        _ frames: [(timestamp: Timestamp, bytes: [UInt8])], linkType: LinkType, suffix: String,
        file: (_ nanosecond: Bool, _ bigEndian: Bool) -> [UInt8]
    ) throws {
        for bigEndian in [false, true] {
            for nanosecond in [false, true] {
                let name = "\(bigEndian ? "be" : "le")-\(nanosecond ? "nano" : "micro").\(suffix)"
                var source = try PcapFileSource(path: write(file(nanosecond, bigEndian), name: name))
                XCTAssertEqual(source.linkType, linkType, name)
                let result = readAll(&source)
                XCTAssertNil(result.error, name)
                XCTAssertEqual(result.frames, Self.expected(frames, micro: !nanosecond), name)
                XCTAssertNil(try source.nextFrame(), "after the end: \(name)")
            }
        }
    }

    func testLinkTypesSurvive() throws {
        for type in [LinkType.null, .raw, .loop, .linuxSLL, .ipv4, .ipv6] {
            let path = write(PcapWriter.pcap(frames: [], linkType: type), name: "link\(type.rawValue).pcap")
            XCTAssertEqual(try PcapFileSource(path: path).linkType, type)
        }
    }

    func testSnappedFramesKeepTheirOriginalLength() throws {
        let frames = Self.conversation()
        let snapped = frames.map { (timestamp: $0.timestamp, bytes: Array($0.bytes.prefix(64))) }
        let path = write(PcapWriter.pcap(frames: snapped, linkType: .ethernet, snapLength: 64, originalLengths: frames.map(\.bytes.count)), name: "snap.pcap")
        var source = try PcapFileSource(path: path)
        let result = readAll(&source)
        XCTAssertEqual(result.frames.map(\.originalLength), frames.map(\.bytes.count))
        XCTAssertEqual(result.frames.map(\.bytes.count), frames.map { min(64, $0.bytes.count) })
    }

    /// Two interleaved connections (port 80 and 8080): the filter keeps the port-80 frames and
    /// their numbers in the file.
    func testFilterKeepsFileFrameNumbers() throws {
        let http = Self.conversation(server: Endpoint("10.0.0.1", 80))
        let other = Self.conversation(client: Endpoint("10.0.0.6", 40000), server: Endpoint("10.0.0.1", 8080), startNanoseconds: 500)
        var mixed = [(timestamp: Timestamp, bytes: [UInt8])]()
        var httpNumbers = [Int]()
        for index in 0..<http.count {
            mixed.append(other[index])
            mixed.append(http[index])
            httpNumbers.append(mixed.count)
        }
        XCTAssertEqual(httpNumbers.prefix(3), [2, 4, 6])
        for (name, bytes) in [("f.pcap", PcapWriter.pcap(frames: mixed, linkType: .ethernet, nanosecond: true)),
                              ("f.pcapng", PcapWriter.pcapng(frames: mixed, linkType: .ethernet, nanosecond: true))] {
            let path = write(bytes, name: name)
            var source = try PcapFileSource(path: path, filter: "tcp port 80")
            let result = readAll(&source)
            XCTAssertNil(result.error)
            XCTAssertEqual(result.frames, Self.expected(http, micro: false, numbers: httpNumbers), name)
            XCTAssertEqual(source.recordsRead, mixed.count)
            var none = try PcapFileSource(path: path, filter: "udp")
            XCTAssertEqual(readAll(&none).frames, [])
        }
    }

    func testBadFilter() {
        let path = write(PcapWriter.pcap(frames: Self.conversation(), linkType: .ethernet), name: "ok.pcap")
        let error = openError(path, filter: "tcp port eighty")
        XCTAssertEqual(error?.kind, .badFilter)
        XCTAssertEqual(error?.path, path)
        XCTAssertTrue(error?.message.hasPrefix("tcp port eighty: ") ?? false, "\(String(describing: error))")
    }

    /// Cuts a classic pcap at various points of record `k` (0-based; record k+1 in frame numbers).
    func testTruncatedClassicPcap() throws {
        let frames = Self.conversation()
        let file = PcapWriter.pcap(frames: frames, linkType: .ethernet, nanosecond: true)
        let offsets = PcapWriter.pcapRecordOffsets(frames: frames)
        // (cut position, frames delivered, expected error): inside the record header, right after
        // it, inside the data, one byte short.
        let record = 4
        let start = offsets[record]
        let end = offsets[record + 1]
        let cuts: [(String, Int)] = [("in header", start + 5), ("after header", start + 16), ("in data", start + 40), ("one short", end - 1)]
        for (name, cut) in cuts {
            let path = write(Array(file[0..<cut]), name: "cut\(cut).pcap")
            var source = try PcapFileSource(path: path)
            let result = readAll(&source)
            XCTAssertEqual(result.frames, Array(Self.expected(frames, micro: false).prefix(record)), name)
            XCTAssertEqual(result.error?.kind, .truncated, name)
            XCTAssertEqual(result.error?.packetNumber, record + 1, name)
            XCTAssertEqual(result.error?.byteOffset, start, name)
            XCTAssertEqual(result.error?.path, path)
            XCTAssertTrue(result.error?.message.contains("truncated") ?? false, name)
            XCTAssertNil(try source.nextFrame(), "after the error: \(name)")
        }
        // At a record boundary a cut file looks complete: the frames before it, no error.
        var boundary = try PcapFileSource(path: write(Array(file[0..<start]), name: "boundary.pcap"))
        let result = readAll(&boundary)
        XCTAssertEqual(result.frames.count, record)
        XCTAssertNil(result.error)
        // Only part of the file header.
        XCTAssertEqual(openError(write(Array(file[0..<10]), name: "header.pcap"))?.kind, .truncated)
    }

    func testTruncatedPcapng() throws {
        let frames = Self.conversation()
        let file = PcapWriter.pcapng(frames: frames, linkType: .ethernet)
        // SHB 28 bytes, IDB 20, then one EPB per frame: 32 + padded length.
        var offset = 28 + 20
        var blockStarts = [Int]()
        for frame in frames {
            blockStarts.append(offset)
            offset += 32 + (frame.bytes.count + 3) / 4 * 4
        }
        XCTAssertEqual(offset, file.count)
        for cut in [blockStarts[3] + 6, blockStarts[3] + 30, blockStarts[4] - 2] {
            let path = write(Array(file[0..<cut]), name: "cut\(cut).pcapng")
            var source = try PcapFileSource(path: path)
            let result = readAll(&source)
            XCTAssertEqual(result.frames.count, 3, "cut \(cut)")
            XCTAssertEqual(result.error?.kind, .truncated, "cut \(cut)")
            XCTAssertEqual(result.error?.packetNumber, 4)
            XCTAssertEqual(result.error?.byteOffset, blockStarts[3])
        }
    }

    /// A record claiming more captured bytes than libpcap accepts is damage, not truncation.
    func testCorruptRecordIsAReadError() throws {
        let frames = Self.conversation()
        var file = PcapWriter.pcap(frames: frames, linkType: .ethernet)
        let offsets = PcapWriter.pcapRecordOffsets(frames: frames)
        let at = offsets[2] + 8  // caplen of record 3 (little endian)
        file[at] = 0xFF; file[at + 1] = 0xFF; file[at + 2] = 0xFF; file[at + 3] = 0x7F
        var source = try PcapFileSource(path: write(file, name: "corrupt.pcap"))
        let result = readAll(&source)
        XCTAssertEqual(result.frames.count, 2)
        XCTAssertEqual(result.error?.kind, .readError)
        XCTAssertEqual(result.error?.packetNumber, 3)
        XCTAssertEqual(result.error?.byteOffset, offsets[2])
    }

    func testNotACaptureAndCannotOpen() {
        let text = write(Array("This is not a capture file, just text.\n".utf8), name: "text.txt")
        XCTAssertEqual(openError(text)?.kind, .notACapture)
        // A DER PKIMessage starts with a SEQUENCE tag.
        let der = write([0x30, 0x82, 0x01, 0x00] + Array(repeating: 0x02, count: 40), name: "msg.der")
        XCTAssertEqual(openError(der)?.kind, .notACapture)
        let tiny = write(Array("hi\n".utf8), name: "tiny.txt")
        XCTAssertEqual(openError(tiny)?.kind, .notACapture)
        let empty = write([], name: "empty")
        XCTAssertEqual(openError(empty)?.kind, .notACapture)
        let missing = openError(directory + "/does-not-exist.pcap")
        XCTAssertEqual(missing?.kind, .cannotOpen)
        XCTAssertEqual(missing?.path, directory + "/does-not-exist.pcap")
        XCTAssertEqual(openError(directory)?.kind, .cannotOpen)
    }

    /// "-" reads standard input (here a file put on descriptor 0 for the duration of the test).
    func testStandardInput() throws {
        let frames = Self.conversation()
        let path = write(PcapWriter.pcapng(frames: frames, linkType: .ethernet, nanosecond: true), name: "stdin.pcapng")
        let saved = dup(0)
        let fd = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        dup2(fd, 0)
        close(fd)
        defer {
            dup2(saved, 0)
            close(saved)

        }
        var source = try PcapFileSource(path: "-")
        let result = readAll(&source)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.frames, Self.expected(frames, micro: false))
    }

    func testErrorDescription() {
        let error = CaptureError(kind: .truncated, path: "a.pcap", message: "truncated dump file", byteOffset: 1234, packetNumber: 17)
        XCTAssertEqual(error.description, "a.pcap: truncated at byte 1234 (packet 17): truncated dump file")
        XCTAssertEqual(CaptureError(kind: .notACapture, path: "x", message: "unknown file format").description,
                       "x: not a pcap or pcapng file: unknown file format")
    }
}
