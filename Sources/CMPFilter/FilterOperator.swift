/// Comparison operators of the filter language, as tshark spells them (symbol or word).
public enum FilterOperator: String, Hashable, Sendable, CaseIterable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, contains, matches

    var spelling: String {
        switch self {
        case .equal: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        case .contains: "contains"
        case .matches: "matches"
        }
    }

    /// tshark's word forms (`eq`, `ne`, `lt`, `le`, `gt`, `ge`) and the two word-only operators.
    init?(word: String) {
        switch word {
        case "eq": self = .equal
        case "ne": self = .notEqual
        case "lt": self = .less
        case "le": self = .lessOrEqual
        case "gt": self = .greater
        case "ge": self = .greaterOrEqual
        case "contains": self = .contains
        case "matches": self = .matches
        default: return nil
        }
    }

    var isOrdering: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
}
