import ArgumentParser

/// `-a duration:S`, tshark's autostop condition (the only one a CMP capture needs).
struct AutoStop: ExpressibleByArgument {
    var duration: Double?

    init?(argument: String) {
        guard argument.hasPrefix("duration:"), let seconds = Double(argument.dropFirst("duration:".count)),
              seconds > 0, seconds.isFinite else { return nil }
        duration = seconds
    }

    static var defaultCompletionKind: CompletionKind { .list(["duration:"]) }
}
