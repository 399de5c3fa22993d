import Foundation
import Crypto

/// The hashes PBM, PBMAC1, certConf and signatures use (RFC 9481 §2, §6), by OID.
/// SHA-224 is missing: swift-crypto has no SHA-224, so such messages are reported not verified.
enum DigestAlgorithm: Sendable {
    case md5, sha1, sha256, sha384, sha512

    init?(hashOID oid: String) {
        switch oid {
        case OID.md5: self = .md5
        case OID.sha1: self = .sha1
        case OID.sha256: self = .sha256
        case OID.sha384: self = .sha384
        case OID.sha512: self = .sha512
        default: return nil
        }
    }

    /// HMAC OIDs: hmac-sha1 (RFC 2104 arc, as OpenSSL writes it in PBM) and hmacWithSHA* (RFC 8018).
    init?(hmacOID oid: String) {
        switch oid {
        case OID.hmacSHA1, OID.hmacWithSHA1: self = .sha1
        case OID.hmacWithSHA256: self = .sha256
        case OID.hmacWithSHA384: self = .sha384
        case OID.hmacWithSHA512: self = .sha512
        default: return nil
        }
    }

    /// The hash of a signature algorithm, for certConf's certHash (RFC 9810 §5.3.18; EdDSA: RFC 9481 §3.3).
    init?(signatureOID oid: String) {
        switch oid {
        case OID.sha1WithRSA: self = .sha1
        case OID.sha256WithRSA, OID.ecdsaWithSHA256: self = .sha256
        case OID.sha384WithRSA, OID.ecdsaWithSHA384: self = .sha384
        case OID.sha512WithRSA, OID.ecdsaWithSHA512, OID.ed25519: self = .sha512
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .md5: "MD5"
        case .sha1: "SHA-1"
        case .sha256: "SHA-256"
        case .sha384: "SHA-384"
        case .sha512: "SHA-512"
        }
    }

    var outputCount: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    func hash<Bytes: DataProtocol>(_ bytes: Bytes) -> [UInt8] {
        switch self {
        case .md5: Array(Insecure.MD5.hash(data: bytes))
        case .sha1: Array(Insecure.SHA1.hash(data: bytes))
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }

    func hmac<Bytes: DataProtocol>(key: [UInt8], _ bytes: Bytes) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch self {
        case .md5: return Array(HMAC<Insecure.MD5>.authenticationCode(for: bytes, using: key))
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: bytes, using: key))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: bytes, using: key))
        case .sha384: return Array(HMAC<SHA384>.authenticationCode(for: bytes, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: bytes, using: key))
        }
    }
}
