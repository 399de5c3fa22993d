import CMPMessages
import SwiftASN1

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

    /// `label` of the OID whose DER content octets are `content`; nil when they do not decode.
    /// Known OIDs are looked up by their octets, with no dotted text made first: a tree shows dozens
    /// of OIDs, nearly all of them from this table.
    public static func label(content: ArraySlice<UInt8>) -> String? {
        if let known = labelsByContent[ByteKey(content)] { return known }
        return ASN1Primitive.dottedOID(content).map(label)
    }

    /// The table's labels by content octets, encoded by swift-asn1 from the dotted text.
    static let labelsByContent: [ByteKey: String] = {
        var labels = [ByteKey: String]()
        for (dotted, _) in byOID {
            var serializer = DER.Serializer()
            guard let oid = try? ASN1ObjectIdentifier(dotRepresentation: dotted), (try? serializer.serialize(oid)) != nil,
                  let node = try? DER.parse(serializer.serializedBytes), case .primitive(let content) = node.content
            else { continue }
            labels[ByteKey(content)] = label(dotted)
        }
        return labels
    }()

    /// The ASN.1 value name of entries whose display name differs from the one their source assigns
    /// (RFC 3447 writes `id-sha1`, RFC 9688 `id-rsassa-pkcs1-v1-5-with-sha3-224`): the test that checks
    /// the table against the RFCs' text (`Fixtures/oid-sources/`) looks these names up.
    public static let symbols: [String: String] = [
        "sha224": "id-sha224", "sha256": "id-sha256", "sha384": "id-sha384", "sha512": "id-sha512", "sha512-224": "id-sha512-224", "sha512-256": "id-sha512-256",
        "prime192v1": "secp192r1", "prime256v1": "secp256r1", "aes128-CBC": "id-aes128-CBC",
        "aes192-CBC": "id-aes192-CBC", "aes256-CBC": "id-aes256-CBC",
        "id-unstructuredName": "pkcs-9-at-unstructuredName", "id-challengePassword": "pkcs-9-at-challengePassword",
        "id-unstructuredAddress": "pkcs-9-at-unstructuredAddress", "id-extensionRequest": "pkcs-9-at-extensionRequest",
        "id-smimeCapabilities": "pkcs-9-at-smimeCapabilities", "id-friendlyName": "pkcs-9-at-friendlyName",
        "id-localKeyId": "pkcs-9-at-localKeyId",
        "des-ede3-cbc": "des-EDE3-CBC", "rc2-cbc": "rc2CBC",
        "md2": "id-md2", "md5": "id-md5", "sha1": "id-sha1", "hmacWithSHA1": "id-hmacWithSHA1",
        "hmacWithSHA224": "id-hmacWithSHA224", "hmacWithSHA256": "id-hmacWithSHA256", "hmacWithSHA384": "id-hmacWithSHA384",
        "hmacWithSHA512": "id-hmacWithSHA512", "hmacWithSHA512-224": "id-hmacWithSHA512-224",
        "hmacWithSHA512-256": "id-hmacWithSHA512-256", "hmac-sha1": "hMAC-SHA1", "id-at-cACertificate": "id-at-cAcertificate",
        "sha3-224": "id-sha3-224", "sha3-256": "id-sha3-256", "sha3-384": "id-sha3-384", "sha3-512": "id-sha3-512",
        "id-rsassa-pkcs1-v1_5-with-sha3-224": "id-rsassa-pkcs1-v1-5-with-sha3-224",
        "id-rsassa-pkcs1-v1_5-with-sha3-256": "id-rsassa-pkcs1-v1-5-with-sha3-256",
        "id-rsassa-pkcs1-v1_5-with-sha3-384": "id-rsassa-pkcs1-v1-5-with-sha3-384",
        "id-rsassa-pkcs1-v1_5-with-sha3-512": "id-rsassa-pkcs1-v1-5-with-sha3-512",
    ]

    /// The ASN.1 value name an entry's source gives it.
    public static func symbol(of name: String) -> String { symbols[name] ?? name }

    /// (dotted, name, source) in arcs.
    public static let entries: [(oid: String, name: String, source: String)] = cmp + pkix + algorithms + attributes + extensions
}
