import CMPCore

/// Identifies the fragments of one IP datagram: RFC 791 §3.2 (source, destination, protocol,
/// identification) and RFC 8200 §4.5 (source, destination, identification; protocol fixed to 44).
struct FragmentKey: Hashable {
    var source: IPAddress
    var destination: IPAddress
    var protocolNumber: UInt8
    var identification: UInt32
}
