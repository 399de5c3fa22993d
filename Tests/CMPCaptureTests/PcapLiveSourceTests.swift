@testable import CMPCapture
import CMPCore
import Foundation
import XCTest

final class PcapLiveSourceTests: XCTestCase {
    func testMissingInterface() {
        XCTAssertThrowsError(try PcapLiveSource(interface: "cmpnosuch0")) { error in
            let captureError = error as? CaptureError
            // Unprivileged, libpcap may report the socket permission problem first.
            XCTAssertTrue([.noSuchInterface, .permissionDenied].contains(captureError?.kind), "\(error)")
            XCTAssertEqual(captureError?.path, "cmpnosuch0")
            if captureError?.kind == .noSuchInterface {
                XCTAssertTrue(captureError?.message.contains("-D") ?? false)
            } else {
                XCTAssertTrue(captureError?.message.contains("CAP_NET_RAW") ?? false)
            }
        }
    }

    func testPermissionMessageNamesTheCapability() {
        let error = PcapLiveSource.activationError(status: -8, interface: "x", message: "denied")
        XCTAssertEqual(error.kind, .permissionDenied)
        XCTAssertTrue(error.message.contains("CAP_NET_RAW"))
        XCTAssertEqual(PcapLiveSource.activationError(status: -5, interface: "x", message: "none").kind, .noSuchInterface)
        XCTAssertEqual(PcapLiveSource.activationError(status: -9, interface: "x", message: "down").kind, .interfaceDown)
        XCTAssertEqual(PcapLiveSource.activationError(status: -1, interface: "x", message: "other").kind, .cannotOpen)
    }

    func testInterfaceListHasLoopback() throws {
        let interfaces = try CaptureInterface.all()
        guard let loopback = interfaces.first(where: { $0.name == "lo" }) else {
            throw XCTSkip("no interface named lo here: \(interfaces.map(\.name))")
        }
        XCTAssertTrue(loopback.isLoopback)
        XCTAssertTrue(loopback.addresses.contains(.v4(0x7F00_0001)), "\(loopback.addresses)")
    }

    /// Sends one UDP datagram over loopback and captures it (skipped without capture privileges).
    func testCapturesOnLoopback() throws {
        let source: PcapLiveSource
        do {
            source = try PcapLiveSource(interface: "lo", filter: "udp port 47999", promiscuous: false)
        } catch let error as CaptureError where error.kind == .permissionDenied || error.kind == .noSuchInterface {
            throw XCTSkip("cannot capture on lo: \(error)")
        }
        XCTAssertEqual(source.linkType, .ethernet)
        let before = Timestamp(seconds: Int64(Date().timeIntervalSince1970) - 1, nanoseconds: 0)
        try sendUDP(Array("cmp".utf8), port: 47999)
        // A watchdog stops the read if the datagram never shows up, so the test cannot hang.
        let read = DispatchSemaphore(value: 0), watchdogDone = DispatchSemaphore(value: 0)
        let stopper = source.stopper
        Thread.detachNewThread {
            if read.wait(timeout: .now() + 5) == .timedOut { stopper.stop() }
            watchdogDone.signal()
        }
        let frame = try source.nextFrame()
        let bytes = frame.map { Array($0.bytes) }
        let number = frame?.number, timestamp = frame?.timestamp
        read.signal()
        watchdogDone.wait()
        XCTAssertEqual(number, 1)
        XCTAssertEqual(bytes.map { Array($0.suffix(3)) }, Array("cmp".utf8))
        XCTAssertGreaterThan(try XCTUnwrap(timestamp), before)
        // After stop, nil.
        source.stopper.stop()
        XCTAssertNil(try source.nextFrame())
    }

    private func sendUDP(_ payload: [UInt8], port: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        XCTAssertEqual(sent, payload.count)
    }
}
