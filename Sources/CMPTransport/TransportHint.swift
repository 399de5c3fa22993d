/// A user's `-d tcp.port==N,http|tcpmsg` decode-as choice: forces the framing of a connection
/// whatever its first bytes look like (Wireshark's "Decode As" for ports it does not know).
public enum TransportHint: Sendable {
    case http
    case tcpMessaging
}
