/// The answer of a cheap look at a few bytes: can this be what we look for?
///
/// `needMore` means the bytes seen so far are a prefix of a match: the caller waits for more
/// (bounded by its own limit) instead of deciding on a half-delivered header.
enum ProbeVerdict: Equatable {
    case yes
    case no
    case needMore
}
