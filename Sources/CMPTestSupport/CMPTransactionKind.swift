/// The CMP exchanges the generator replays, each as the real OpenSSL fixture messages in protocol
/// order (request, response, confirmation, ...; even positions from the client), with the share
/// of transactions it gets.
struct CMPTransactionKind {
    var name: String
    var weight: Int
    var messages: [String]

    static let all: [CMPTransactionKind] = [
        .init(name: "ir-pbm", weight: 20, messages: ["ir-pbm", "ip-pbm", "certConf-pbm", "pkiconf-pbm"]),
        .init(name: "ir-sig", weight: 10, messages: ["ir-sig", "ip-sig", "certConf-sig", "pkiconf-sig"]),
        .init(name: "cr", weight: 10, messages: ["cr-pbm", "cp-pbm", "certConf-cr-pbm", "pkiconf-cr-pbm"]),
        .init(name: "kur", weight: 10, messages: ["kur-sig", "kup-sig", "certConf-kur-sig", "pkiconf-kur-sig"]),
        .init(name: "p10cr", weight: 8,
              messages: ["p10cr-pbm", "cp-p10cr-pbm", "certConf-p10cr-pbm", "pkiconf-p10cr-pbm"]),
        .init(name: "genm", weight: 15, messages: ["genm-pbm", "genp-pbm"]),
        .init(name: "rr", weight: 10, messages: ["rr-pbm", "rp-pbm"]),
        .init(name: "polling", weight: 7,
              messages: ["ir-poll", "ip-waiting", "pollReq-1", "pollRep", "pollReq-2", "ip-after-poll",
                         "certConf-poll", "pkiconf-poll"]),
        .init(name: "rejection", weight: 5, messages: ["ir-rejected", "ip-rejection"]),
        .init(name: "error", weight: 5, messages: ["ir-for-error", "error"]),
    ]

    /// Every fixture message any transaction uses.
    static var templateNames: [String] { Array(Set(all.flatMap(\.messages))).sorted() }
}
