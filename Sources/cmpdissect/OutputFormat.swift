import ArgumentParser

/// `-T`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, fields, ek
}
