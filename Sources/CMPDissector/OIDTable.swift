/// The one OBJECT IDENTIFIER table of the tree: names and numbers for CMP (RFC 9810 App. F), CRMF
/// (RFC 4211), PKIX (RFC 5280, 9480), RFC 9481's algorithms, RSA/ECDSA/EdDSA, the final ML-DSA
/// (FIPS 204, RFC 9881), ML-KEM (FIPS 203) and SLH-DSA (FIPS 205) OIDs, X.520 attributes and
/// certificate extensions. Each entry is checked by a test against the dotted text of its source.
///
/// Wireshark registered id-DHBasedMac as 1.2.840.113533.7.66.3 for years; RFC 9810 says .30.
public enum OIDTable {
    /// The name of `dotted`, if known.
    public static func name(_ dotted: String) -> String? { byOID[dotted] }

    /// `name (dotted)`, or the dotted text alone.
    public static func label(_ dotted: String) -> String {
        byOID[dotted].map { "\($0) (\(dotted))" } ?? dotted
    }

    public static let byOID: [String: String] = Dictionary(entries.map { ($0.oid, $0.name) }) { first, _ in first }

    /// (dotted, name, source) in arcs.
    public static let entries: [(oid: String, name: String, source: String)] = cmp + pkix + algorithms + attributes + extensions
}
