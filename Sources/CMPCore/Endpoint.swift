/// One side of a TCP connection.
public struct Endpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        (lhs.address, lhs.port) < (rhs.address, rhs.port)
    }

    /// `10.0.0.1:8080` or `[::1]:8080`, as the summary line prints it.
    public var description: String {
        address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}

/// A TCP connection's two endpoints in canonical (sorted) order, so both directions hash alike.
public struct FlowKey: Hashable, Sendable, CustomStringConvertible {
    public let lower: Endpoint
    public let upper: Endpoint

    public init(_ a: Endpoint, _ b: Endpoint) {
        if a <= b { lower = a; upper = b } else { lower = b; upper = a }
    }

    public var description: String { "\(lower) ↔ \(upper)" }

    /// Each side as one or three machine words (an IPv4 address and its port share one), where the
    /// synthesized hash fed the case, the address and the port one by one: a lookup per packet.
    public func hash(into hasher: inout Hasher) {
        Self.combine(lower, into: &hasher)
        Self.combine(upper, into: &hasher)
    }

    private static func combine(_ side: Endpoint, into hasher: inout Hasher) {
        switch side.address {
        case .v4(let address):
            hasher.combine(UInt64(address) << 16 | UInt64(side.port))
        case .v6(let high, let low):
            hasher.combine(high)
            hasher.combine(low)
            hasher.combine(1 << 63 | UInt64(side.port))
        }
    }
}

/// Which way bytes travel on a connection. The client is the side that sent the SYN; for a
/// connection whose start was not captured, the reassembler guesses (see `TCPReassembler`).
public enum Direction: Int, Hashable, Sendable, CaseIterable {
    case clientToServer = 0
    case serverToClient = 1

    public var reversed: Direction { self == .clientToServer ? .serverToClient : .clientToServer }
}
