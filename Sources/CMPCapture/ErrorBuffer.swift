import CPcap

/// libpcap's `errbuf` convention: a caller-provided buffer of `PCAP_ERRBUF_SIZE` bytes.
enum ErrorBuffer {
    static func make() -> [CChar] { [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1) }

    static func string(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
