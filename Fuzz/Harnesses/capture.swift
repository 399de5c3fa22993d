#if canImport(Glibc)
import Glibc
#endif
import CMPCore
import CMPPipeline

/// Capture-file bytes through the whole pipeline, exactly as `cmpdissect FILE` runs it: libpcap
/// (pcap, pcapng) or, when that refuses the bytes, the DER/PEM/base64 message reader; then packet
/// decoding, reassembly, framing, the CMP decoder and both renderers. libpcap reads from a path, so
/// each input is written to one per-process file in /dev/shm (or /tmp).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapture(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    let path = CaptureFile.path
    guard let file = fopen(path, "wb") else { return 0 }
    if count > 0, let data { fwrite(data, 1, count, file) }
    fclose(file)
    var options = PipelineOptions()
    options.limits.maxPDUSize = 64 * 1024
    do {
        try InputDissection.dissect(path: path, filter: nil, options: options) { message, start in
            FuzzRender.render(message, captureStart: start)
        }
    } catch {
        _ = error.description
    }
    return 0
}

enum CaptureFile {
    static let path: String = {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(directory)/cmpdissect-fuzz-capture-\(getpid())"
    }()
}
