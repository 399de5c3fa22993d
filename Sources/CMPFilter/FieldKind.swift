/// What a field holds, which decides how a literal compared with it is read.
public enum FieldKind: Hashable, Sendable {
    case string
    case integer
    case address
    /// Octet strings; literals are hex, optionally separated by `:`, `-` or `.` (`3f:2a:9c`).
    case bytes
    case severity
    case boolean
    /// A registry with these names at their numbers (`PKIStatus.names`, …); an out-of-range
    /// number is still a valid literal, as unknown values are data.
    case named([String])
}
