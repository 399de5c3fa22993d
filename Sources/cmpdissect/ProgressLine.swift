import CMPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The progress line on standard error while a large file is read: bytes and messages so far.
/// Only when standard error is a terminal, and not when message lines go to the same terminal
/// (they would tear it); it appears after the first second, so small files never show it.
final class ProgressLine {
    private var bytes = 0
    private var frames = 0
    private var messages = 0
    private var started: Int64
    private var lastDrawn: Int64 = 0
    private var visible = false

    init() { started = Self.now() }

    static func forFiles(stdoutIsTerminal: Bool, quiet: Bool) -> ProgressLine? {
        guard isatty(STDERR_FILENO) == 1, !stdoutIsTerminal || quiet else { return nil }
        return ProgressLine()
    }

    /// Monotonic milliseconds.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    func frame(_ frame: Frame) {
        bytes += frame.bytes.count + 16  // captured bytes plus a record header: close to the file position
        frames += 1
        if frames % 4096 == 0 { drawIfDue() }
    }

    func message() { messages += 1 }

    func reset() {
        bytes = 0
        frames = 0
        messages = 0
        started = Self.now()
    }

    private func drawIfDue() {
        let now = Self.now()
        guard now - started >= 1000, now - lastDrawn >= 250 else { return }
        lastDrawn = now
        let megabytes = Double(bytes) / 1_048_576
        let text = "\r\u{1B}[K" + "reading: \(Int(megabytes)) MiB, \(frames) packets, \(messages) CMP messages"
        Array(text.utf8).withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: STDERR_FILENO) }
        visible = true
    }

    func clear() {
        guard visible else { return }
        Array("\r\u{1B}[K".utf8).withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: STDERR_FILENO) }
        visible = false
    }
}
