import CPcap

/// Compiling a capture filter against a handle, shared by the file and live sources.
enum BPFProgram {
    /// Compiled against `handle` so the filter follows its link type. On failure the handle is
    /// closed (the caller is still initializing and owns nothing else).
    static func compile(_ filter: String, handle: OpaquePointer, netmask: UInt32, path: String) throws -> bpf_program {
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, netmask) == 0 else {
            let message = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw CaptureError(kind: .badFilter, path: path, message: "\(filter): \(message)")
        }
        return program
    }
}
