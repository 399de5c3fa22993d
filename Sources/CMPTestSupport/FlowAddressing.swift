import CMPCore

/// The addresses of one generated connection or UDP exchange and its link-layer framing.
struct FlowAddressing {
    var client: Endpoint
    var server: Endpoint
    var vlanID: UInt16?
    var clientBytes: [UInt8]
    var serverBytes: [UInt8]
    var isIPv6: Bool { client.address.isIPv6 }

    init(client: Endpoint, server: Endpoint, vlanID: UInt16?) {
        self.client = client
        self.server = server
        self.vlanID = vlanID
        clientBytes = client.address.bytes
        serverBytes = server.address.bytes
    }
}
