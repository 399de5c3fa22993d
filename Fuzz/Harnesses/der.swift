import CMPCore
import CMPMessages
import CMPOutput

/// The CMP decoder on DER bytes, and the renderers over whatever it decoded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDER(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    let der = Array(UnsafeRawBufferPointer(start: data, count: count))
    FuzzRender.decodeAndRender([der])
    return 0
}
