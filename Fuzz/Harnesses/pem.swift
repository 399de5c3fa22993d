import CMPCore
import CMPMessages
import CMPOutput

/// Single-message file input: DER, PEM or base64 (`openssl cmp -reqout`), then the decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPEM(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let messages = MessageFileReader.pkiMessages(fromFileBytes: bytes) else { return 0 }
    fuzzCheck(messages.allSatisfy { $0.count <= bytes.count }, "a decoded message is longer than its file")
    FuzzRender.decodeAndRender(messages)
    return 0
}
