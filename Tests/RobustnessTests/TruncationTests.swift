import CMPCapture
import XCTest

/// Every capture fixture cut short at every record boundary and at several points inside every
/// record, through the whole pipeline. DESIGN.md: "a truncated capture: everything decoded before the
/// damage is printed first, then one line on stderr naming the file, the byte offset and the packet
/// number".
final class TruncationTests: XCTestCase {
    /// Cut points inside a record, relative to its start: always one byte into the record header, at
    /// the end of the header and in the middle of the data; then, taking turns from record to record
    /// (so each kind is met in every capture without multiplying the run time), eight bytes into the
    /// header, one byte short of the header's end, one byte into the data, or one byte short of the end.
    private func cutsInside(_ record: CaptureRecords.Record, index: Int) -> [Int] {
        let rotating = [record.start + 8, record.dataStart - 1, record.dataStart + 1, record.end - 1]
        let candidates = [record.start + 1, record.dataStart, (record.dataStart + record.end) / 2, rotating[index % rotating.count]]
        return Array(Set(candidates.filter { $0 > record.start && $0 < record.end })).sorted()
    }

    func testEveryRecordBoundary() throws {
        for url in RobustnessFixtures.captures {
            let bytes = try RobustnessFixtures.bytes(url)
            let records = try XCTUnwrap(CaptureRecords(bytes), url.lastPathComponent)
            let baseline = PipelineRun.file(bytes)
            XCTAssertNil(baseline.error, url.lastPathComponent)
            for (index, record) in records.records.enumerated() {
                let cut = PipelineRun.file(Array(bytes[..<record.end]))
                let name = "\(url.lastPathComponent) cut after record \(index + 1) at byte \(record.end)"
                // A file that ends between records is a complete (shorter) capture.
                XCTAssertNil(cut.error, name)
                let packets = record.packet ?? records.records[..<index].compactMap(\.packet).last ?? 0
                XCTAssertEqual(cut.frames, packets, name)
                XCTAssertEqual(cut.emitted(before: packets + 1), baseline.emitted(before: packets + 1), name)
            }
        }
    }

    func testInsideEveryRecord() throws {
        for url in RobustnessFixtures.captures {
            let bytes = try RobustnessFixtures.bytes(url)
            let records = try XCTUnwrap(CaptureRecords(bytes), url.lastPathComponent)
            let baseline = PipelineRun.file(bytes)
            var packetsBefore = 0
            for (index, record) in records.records.enumerated() {
                for offset in cutsInside(record, index: index) {
                    let name = "\(url.lastPathComponent) cut at byte \(offset) inside the record at \(record.start)"
                    let cut = PipelineRun.file(Array(bytes[..<offset]))
                    // What was decoded from the complete records before the damage is still printed.
                    XCTAssertEqual(cut.frames, packetsBefore, name)
                    XCTAssertEqual(cut.emitted(before: packetsBefore + 1), baseline.emitted(before: packetsBefore + 1), name)
                    let error = try XCTUnwrap(cut.captureError, "\(name): no capture error")
                    XCTAssertEqual(error.kind, .truncated, name)
                    XCTAssertTrue(error.description.contains("truncated"), "\(name): \(error)")
                    if !records.isPcapng {
                        // pcap: the record that could not be read, by offset and number.
                        XCTAssertEqual(error.byteOffset, record.start, name)
                        XCTAssertEqual(error.packetNumber, (record.packet ?? 0), name)
                        XCTAssertTrue(error.description.contains("at byte \(record.start) (packet \(record.packet ?? 0))"),
                                      "\(name): \(error)")
                    }
                }
                if let packet = record.packet { packetsBefore = packet }
            }
        }
    }

    /// Inside the file header nothing can be decoded: the input is refused with an error, not a crash.
    func testInsideTheFileHeader() throws {
        for url in RobustnessFixtures.captures {
            let bytes = try RobustnessFixtures.bytes(url)
            let records = try XCTUnwrap(CaptureRecords(bytes))
            for offset in 0..<min(records.headerLength, bytes.count) {
                let cut = PipelineRun.file(Array(bytes[..<offset]))
                XCTAssertNotNil(cut.error, "\(url.lastPathComponent) cut at byte \(offset)")
                XCTAssertTrue(cut.messages.isEmpty, "\(url.lastPathComponent) cut at byte \(offset)")
            }
        }
    }
}
