import CMPCore
import CMPFilter
import CMPMessages

/// The `-Y` display-filter parser, and evaluation of whatever parses against a decoded message and
/// a message without a PKIMessage (fields absent).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilter(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    guard let filter = try? DisplayFilter(text) else { return 0 }
    for message in FilterSamples.messages {
        _ = filter.matches(message)
    }
    return 0
}

enum FilterSamples {
    /// pkiconf PKIMessage: header { pvno 2, empty directoryName sender and recipient, transactionID }.
    static let pkiconf: [UInt8] = [
        0x30, 0x25, 0x30, 0x1F, 0x02, 0x01, 0x02, 0xA4, 0x02, 0x30, 0x00, 0xA4, 0x02, 0x30, 0x00,
        0xA4, 0x12, 0x04, 0x10, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
        0x11, 0x11, 0x11, 0x11, 0xB3, 0x02, 0x05, 0x00,
    ]

    static let messages: [DissectedMessage] = {
        let envelope = CMPEnvelope(transport: .file, frames: [FrameRef(number: 1, timestamp: .zero)],
                                   streamOffset: 0, pkiMessage: pkiconf)
        let decoded = CMPSummaryDecoder().decode(pkiconf)
        let bare = CMPEnvelope(transport: .file, frames: [FrameRef(number: 2, timestamp: .zero)],
                               streamOffset: 0, pkiMessage: nil)
        return [DissectedMessage(index: 1, envelope: envelope, summary: decoded.summary, findings: decoded.findings),
                DissectedMessage(index: 2, envelope: bare, summary: nil, findings: [])]
    }()
}
