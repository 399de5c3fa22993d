import ArgumentParser
import CMPTransport

/// `-d tcp.port==N,http|tcpmsg`, as tshark's decode-as.
struct DecodeAs: ExpressibleByArgument {
    var port: UInt16
    var transport: TransportHint

    init?(argument: String) {
        let parts = argument.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: " ") }
        guard parts.count == 2, parts[0].hasPrefix("tcp.port=="),
              let port = UInt16(parts[0].dropFirst("tcp.port==".count)) else { return nil }
        switch parts[1].lowercased() {
        case "http": transport = .http
        case "tcpmsg", "cmp", "tcp": transport = .tcpMessaging
        default: return nil
        }
        self.port = port
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var slice = self[...]
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}
