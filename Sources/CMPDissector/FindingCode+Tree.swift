import CMPCore

/// Encoding findings the annotated tree raises (issue 3). Their catalogue entries belong in
/// CMPCore's `FindingCatalogue`; until they are there, `TreeWalker.note` supplies the severity.
extension FindingCode {
    /// An indefinite length (X.690 §8.1.3.6) where DER requires definite ones.
    public static let asn1BERIndefiniteLength = FindingCode("asn1.ber.indefinite-length")
    /// A length in more octets than needed (X.690 §10.1).
    public static let asn1BERNonMinimalLength = FindingCode("asn1.ber.non-minimal-length")
    /// A string type in constructed form (X.690 §10.2 wants primitive).
    public static let asn1BERConstructedString = FindingCode("asn1.ber.constructed-string")
    /// The tag number is right but the tagging form is not: an EXPLICIT wrapper where the module's
    /// IMPLICIT tag is due (raVerified as `A0 02 05 00` instead of CRMF's `80 00`), or the reverse.
    public static let asn1WrongTagging = FindingCode("asn1.wrong-tagging")
    /// The annotated tree stopped at `TreeWalker.maxElements` elements (memory bound for `-V`).
    public static let treeLimit = FindingCode("tree.limit")
}
