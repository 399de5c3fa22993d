import CMPCore

/// The HTTP/1.x framer, through a transport session pinned to HTTP (`-d tcp.port==N,http`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    StreamDriver.run(UnsafeRawBufferPointer(start: data, count: count), decodeAs: .http)
    return 0
}
