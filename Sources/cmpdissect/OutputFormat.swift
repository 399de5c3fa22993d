import ArgumentParser

/// `-T`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, fields, ek

    /// The formats that write `-V`'s tree as JSON, which shows the whole of every value.
    var showsWholeTreeValues: Bool {
        switch self {
        case .json, .jsonl, .ek: true
        case .text, .fields: false
        }
    }
}
