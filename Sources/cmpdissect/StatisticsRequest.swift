import ArgumentParser

/// `-z NAME`.
enum StatisticsRequest: String, ExpressibleByArgument, CaseIterable {
    case cmpStat = "cmp,stat"
    case expert
    /// `-z cmp,tx`: the analyzer's transactions (kind, frames, steps, outcome, confirmation, polls, duration).
    case transactions = "cmp,tx"
}
