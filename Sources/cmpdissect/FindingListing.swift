import CMPCore

/// `--list-findings`: the catalogue as aligned columns.
enum FindingListing {
    static func render() -> String {
        let entries = FindingCatalogue.entries.sorted { $0.code < $1.code }
        let codeWidth = entries.map(\.code.rawValue.count).max() ?? 0
        var text = ""
        for entry in entries {
            text += entry.code.rawValue.padding(to: codeWidth) + "  " + entry.severity.description.padding(to: 7)
                + "  " + entry.group.padding(to: 10) + "  " + entry.summary + " [" + entry.reference + "]\n"
        }
        return text
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
