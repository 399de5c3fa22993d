/// What the analyzer needs from the command line: `--secret`, `--trusted` and the PBM iteration cap.
public struct AnalysisOptions: Sendable {
    /// The shared secret for MAC protection; without it MAC-protected messages are "not verified".
    public var secret: SecretSpec?
    public var trustAnchors: TrustAnchors?
    /// PBM / PBKDF2 iteration counts above this are not computed: a hostile capture could ask for
    /// 2^31 rounds per message. 10000 is cryptlib's own limit and the `iterations-high` threshold.
    public var maxPBMIterations: Int

    public static let defaultMaxPBMIterations = 10_000

    public init(secret: SecretSpec? = nil, trustAnchors: TrustAnchors? = nil,
                maxPBMIterations: Int = AnalysisOptions.defaultMaxPBMIterations) {
        self.secret = secret
        self.trustAnchors = trustAnchors
        self.maxPBMIterations = maxPBMIterations
    }
}
