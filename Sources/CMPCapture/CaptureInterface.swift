import CMPCore
import CPcap

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One interface libpcap can capture on, for `-D` (numbered like tshark's list, from 1).
public struct CaptureInterface: Hashable, Sendable {
    public var name: String
    public var description: String?
    public var addresses: [IPAddress]
    public var isLoopback: Bool
    public var isUp: Bool
    public var isRunning: Bool

    public init(name: String, description: String?, addresses: [IPAddress], isLoopback: Bool, isUp: Bool, isRunning: Bool) {
        self.name = name
        self.description = description
        self.addresses = addresses
        self.isLoopback = isLoopback
        self.isUp = isUp
        self.isRunning = isRunning
    }

    /// `pcap_findalldevs`, in libpcap's order (it puts up-and-running interfaces first).
    public static func all() throws -> [CaptureInterface] {
        var errorBuffer = ErrorBuffer.make()
        var list: UnsafeMutablePointer<pcap_if_t>?
        guard pcap_findalldevs(&list, &errorBuffer) == 0 else {
            throw CaptureError(kind: .cannotOpen, path: "interfaces", message: ErrorBuffer.string(errorBuffer))
        }
        defer { pcap_freealldevs(list) }
        var result = [CaptureInterface]()
        var cursor = list
        while let entry = cursor?.pointee {
            var addresses = [IPAddress]()
            var address = entry.addresses
            while let item = address?.pointee {
                if let parsed = item.addr.flatMap(Self.ipAddress) { addresses.append(parsed) }
                address = item.next
            }
            result.append(CaptureInterface(
                name: String(cString: entry.name), description: entry.description.map { String(cString: $0) },
                addresses: addresses, isLoopback: entry.flags & UInt32(PCAP_IF_LOOPBACK) != 0,
                isUp: entry.flags & UInt32(PCAP_IF_UP) != 0, isRunning: entry.flags & UInt32(PCAP_IF_RUNNING) != 0))
            cursor = entry.next
        }
        return result
    }

    static func ipAddress(_ socketAddress: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                .v4(UInt32(bigEndian: pointer.pointee.sin_addr.s_addr))
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(v6: $0) }
            }
        default:
            return nil
        }
    }
}
