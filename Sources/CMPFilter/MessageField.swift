import CMPCore

/// A named field of a dissected message, for `-Y` filters and `-T fields -e NAME`.
///
/// Names follow tshark's habits (`ip.src`, `tcp.port` matching either side, `tcp.stream` for the
/// connection number); CMP fields use DESIGN.md's JSON key names under `cmp.`.
public struct MessageField: Sendable {
    public var name: String
    public var kind: FieldKind
    public var summary: String
    let extract: @Sendable (DissectedMessage) -> [FilterValue]

    init(_ name: String, _ kind: FieldKind, _ summary: String, _ extract: @escaping @Sendable (DissectedMessage) -> [FilterValue]) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.extract = extract
    }

    /// Every occurrence of the field in `message`, in message order (empty when absent).
    public func values(in message: DissectedMessage) -> [FilterValue] { extract(message) }

    public static func named(_ name: String) -> MessageField? { byName[name] }

    private static let byName: [String: MessageField] = Dictionary(
        catalogue.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}
