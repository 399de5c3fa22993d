/// Dotted OIDs the analyzer compares against, each as written in its RFC module
/// (checked by `OIDTests` against the RFC text).
enum OID {
    // Protection (RFC 9810 §5.1.3, RFC 9481, RFC 8018)
    static let passwordBasedMac = "1.2.840.113533.7.66.13"
    static let dhBasedMac = "1.2.840.113533.7.66.30"
    static let kemBasedMac = "1.2.840.113533.7.66.16"
    static let pbmac1 = "1.2.840.113549.1.5.14"
    static let pbkdf2 = "1.2.840.113549.1.5.12"
    static let pbes2 = "1.2.840.113549.1.5.13"
    // Hashes
    static let md5 = "1.2.840.113549.2.5"
    static let sha1 = "1.3.14.3.2.26"
    static let sha224 = "2.16.840.1.101.3.4.2.4"
    static let sha256 = "2.16.840.1.101.3.4.2.1"
    static let sha384 = "2.16.840.1.101.3.4.2.2"
    static let sha512 = "2.16.840.1.101.3.4.2.3"
    // MACs
    static let hmacSHA1 = "1.3.6.1.5.5.8.1.2"
    static let hmacWithSHA1 = "1.2.840.113549.2.7"
    static let hmacWithSHA224 = "1.2.840.113549.2.8"
    static let hmacWithSHA256 = "1.2.840.113549.2.9"
    static let hmacWithSHA384 = "1.2.840.113549.2.10"
    static let hmacWithSHA512 = "1.2.840.113549.2.11"
    // Signatures (RFC 9481 §3)
    static let sha1WithRSA = "1.2.840.113549.1.1.5"
    static let sha256WithRSA = "1.2.840.113549.1.1.11"
    static let sha384WithRSA = "1.2.840.113549.1.1.12"
    static let sha512WithRSA = "1.2.840.113549.1.1.13"
    static let rsassaPSS = "1.2.840.113549.1.1.10"
    static let ecdsaWithSHA256 = "1.2.840.10045.4.3.2"
    static let ecdsaWithSHA384 = "1.2.840.10045.4.3.3"
    static let ecdsaWithSHA512 = "1.2.840.10045.4.3.4"
    static let ed25519 = "1.3.101.112"
    static let ed448 = "1.3.101.113"
    // InfoTypeAndValue (RFC 9810 §5.3.19, id-it = 1.3.6.1.5.5.7.4)
    static let implicitConfirm = "1.3.6.1.5.5.7.4.13"
    static let confirmWaitTime = "1.3.6.1.5.5.7.4.14"
    static let cryptlibArc = "1.3.6.1.4.1.3029.3.1."
    // X.509
    static let keyUsage = "2.5.29.15"
    static let subjectKeyIdentifier = "2.5.29.14"
}
