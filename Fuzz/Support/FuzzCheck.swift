#if canImport(Glibc)
import Glibc
#endif

/// A harness invariant: when it does not hold, the harness aborts so libFuzzer records the input
/// as a crash (a wrong result is as much a finding as a trap).
@inline(never)
func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    let text = Array("fuzz invariant violated: \(message())\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}
