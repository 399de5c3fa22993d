import Foundation
import Crypto
import SwiftASN1
import X509
import _CryptoExtras

/// RSASSA-PSS (RFC 4055 §3.1, RFC 9481 §3.2): swift-certificates verifies only PKCS#1 v1.5, so PSS
/// goes to swift-crypto's RSA directly. swift-crypto's PSS uses MGF1 with the message hash and a salt
/// as long as the hash, which is what RFC 9481 requires; other parameters are reported not verified.
enum PSSVerifier {
    static func verify(parameters: ASN1Node?, signature: ArraySlice<UInt8>, data: [UInt8],
                       key: Certificate.PublicKey) -> MACVerifier.Outcome {
        guard let rsa = _RSA.Signing.PublicKey(key) else { return .notVerified("RSASSA-PSS with a non-RSA key") }
        // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1], saltLength [2], … }
        var hash = DigestAlgorithm.sha1
        var saltLength: Int?
        for field in parameters.map(ASN1Reader.children) ?? [] where field.identifier.tagClass == .contextSpecific {
            let inner = ASN1Reader.firstChild(field)
            switch field.identifier.tagNumber {
            case 0:
                guard let oid = inner.flatMap({ ASN1Reader.algorithm($0) })?.oid, let digest = DigestAlgorithm(hashOID: oid) else {
                    return .notVerified("unsupported RSASSA-PSS hash")
                }
                hash = digest
            case 2:
                saltLength = inner.flatMap(ASN1Reader.int)
            default:
                break
            }
        }
        if hash == .sha1, saltLength == nil { saltLength = 20 }
        guard saltLength == nil || saltLength == hash.outputCount else {
            return .notVerified("RSASSA-PSS salt length \(saltLength ?? 0) differs from the hash length")
        }
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        let valid: Bool
        switch hash {
        case .sha256: valid = rsa.isValidSignature(rsaSignature, for: SHA256.hash(data: data), padding: .PSS)
        case .sha384: valid = rsa.isValidSignature(rsaSignature, for: SHA384.hash(data: data), padding: .PSS)
        case .sha512: valid = rsa.isValidSignature(rsaSignature, for: SHA512.hash(data: data), padding: .PSS)
        case .sha1: valid = rsa.isValidSignature(rsaSignature, for: Insecure.SHA1.hash(data: data), padding: .PSS)
        case .md5: return .notVerified("RSASSA-PSS with MD5")
        }
        return valid ? .valid : .invalid
    }
}
