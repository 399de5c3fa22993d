/// One member of an `in {…}` set: a value, or an inclusive range `low..high`.
enum FilterSetItem: Sendable {
    case value(FilterLiteral)
    case range(FilterLiteral, FilterLiteral)

    func contains(_ value: FilterValue) -> Bool {
        switch self {
        case .value(let literal):
            return FilterExpression.test(value, .equal, literal)
        case .range(let low, let high):
            return FilterExpression.test(value, .greaterOrEqual, low) && FilterExpression.test(value, .lessOrEqual, high)
        }
    }
}
