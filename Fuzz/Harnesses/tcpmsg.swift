import CMPCore

/// The TCP-Messaging framer (RFC 2510 §5.2 and version 10), through a session pinned to it, and
/// the classifier (the first input byte's bit 7 leaves the session undecided).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTCPMessaging(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    guard let first = bytes.first else { return 0 }
    let rest = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
    StreamDriver.run(rest, decodeAs: first & 0x80 == 0 ? .tcpMessaging : nil)
    return 0
}
