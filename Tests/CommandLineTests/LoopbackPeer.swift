import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A CMP server and client over loopback for the live-capture test: an HTTP peer (RFC 6712:
/// POST with `application/pkixcmp`) and a TCP-Messaging peer (RFC 2510 §5.2 framing:
/// length(4) | type(1) | PKIMessage, type 0 `pkiMsg`), each answering one fixture message with
/// another. Blocking sockets, one connection each, for a deterministic exchange.
final class LoopbackPeer: @unchecked Sendable {
    enum Kind { case http, tcpMessaging }

    let kind: Kind
    let port: UInt16
    private let listener: Int32
    private let response: [UInt8]
    private let done = DispatchSemaphore(value: 0)
    private(set) var received: [UInt8] = []

    init(kind: Kind, response: [UInt8]) throws {
        self.kind = kind
        self.response = response
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError.socket("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else {
            close(fd)
            throw PeerError.socket("bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in serveOne() }
        thread.start()
    }

    deinit { close(listener) }

    enum PeerError: Error { case socket(String) }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    private func serveOne() {
        defer { done.signal() }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var request = [UInt8]()
        while !Self.isComplete(request, kind: kind) {
            guard let chunk = Self.readSome(connection) else { break }
            request += chunk
        }
        received = request
        Self.send(connection, Self.frame(response, kind: kind, request: false))
        shutdown(connection, Int32(SHUT_WR))
        while Self.readSome(connection) != nil {}
    }

    /// A connected client socket (the caller closes it).
    func connectClient() throws -> Int32 {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard client >= 0 else { throw PeerError.socket("socket") }
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(client)
            throw PeerError.socket("connect")
        }
        return client
    }

    /// Sends `message` as a client and reads the answer to the end; returns the answer's bytes.
    func exchange(_ message: [UInt8]) throws -> [UInt8] {
        let client = try connectClient()
        Self.send(client, Self.frame(message, kind: kind, request: true))
        var answer = [UInt8]()
        while let chunk = Self.readSome(client) { answer += chunk }
        close(client)
        _ = done.wait(timeout: .now() + 5)
        return answer
    }

    static func frame(_ der: [UInt8], kind: Kind, request: Bool) -> [UInt8] {
        switch kind {
        case .http:
            let head = request
                ? "POST /pkix/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/pkixcmp\r\nContent-Length: \(der.count)\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: application/pkixcmp\r\nContent-Length: \(der.count)\r\nConnection: close\r\n\r\n"
            return Array(head.utf8) + der
        case .tcpMessaging:
            let length = UInt32(der.count + 1)
            return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), 0] + der
        }
    }

    static func isComplete(_ bytes: [UInt8], kind: Kind) -> Bool {
        switch kind {
        case .tcpMessaging:
            guard bytes.count >= 4 else { return false }
            let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
            return bytes.count >= 4 + length
        case .http:
            let text = String(decoding: bytes, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { return false }
            let head = text[..<end.lowerBound].lowercased()
            guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                  let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return true }
            let headBytes = text[..<end.upperBound].utf8.count
            return bytes.count >= headBytes + length
        }
    }

    static func readSome(_ descriptor: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = read(descriptor, &buffer, buffer.count)
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    static func send(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if sent <= 0 { return }
            offset += sent
        }
    }
}
