import Foundation
import SwiftASN1
import X509

/// Signature protection (RFC 9810 §5.1.3.3) over DER(ProtectedPart) with a certificate's key:
/// RSA PKCS#1 v1.5 and PSS, ECDSA P-256/384/521, Ed25519 (RFC 9481 §3), through swift-certificates.
enum SignatureVerifier {
    static func isSignatureAlgorithm(_ oid: String) -> Bool {
        algorithm(for: oid) != nil || oid == OID.rsassaPSS || oid == OID.ed448
    }

    static func algorithm(for oid: String) -> Certificate.SignatureAlgorithm? {
        switch oid {
        case OID.ecdsaWithSHA256: .ecdsaWithSHA256
        case OID.ecdsaWithSHA384: .ecdsaWithSHA384
        case OID.ecdsaWithSHA512: .ecdsaWithSHA512
        case OID.sha1WithRSA: .sha1WithRSAEncryption
        case OID.sha256WithRSA: .sha256WithRSAEncryption
        case OID.sha384WithRSA: .sha384WithRSAEncryption
        case OID.sha512WithRSA: .sha512WithRSAEncryption
        case OID.ed25519: .ed25519
        default: nil
        }
    }

    static func verify(oid: String, parameters: ASN1Node?, signature: ArraySlice<UInt8>, data: [UInt8],
                       key: Certificate.PublicKey) -> MACVerifier.Outcome {
        if oid == OID.rsassaPSS {
            return PSSVerifier.verify(parameters: parameters, signature: signature, data: data, key: key)
        }
        guard let algorithm = algorithm(for: oid) else { return .notVerified("unsupported signature algorithm \(oid)") }
        return key.isValidSignature(signature, for: data, signatureAlgorithm: algorithm) ? .valid : .invalid
    }

    /// Whether `certificate` was signed by `issuer` (name and signature).
    static func issued(_ certificate: Certificate, by issuer: Certificate) -> Bool {
        certificate.issuer == issuer.subject && issuer.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// Path building from the signer up to one of `anchors`, through `intermediates` (extraCerts), by
    /// name and signature. Validity periods and policies are not checked: the capture's time is not
    /// the verifier's, and this is a dissector's hint, not a relying party's decision.
    static func chainsToAnchor(_ signer: Certificate, intermediates: [Certificate], anchors: [Certificate]) -> Bool {
        var current = signer
        for _ in 0..<16 {
            if anchors.contains(current) { return true }
            if anchors.contains(where: { issued(current, by: $0) }) { return true }
            guard let next = intermediates.first(where: { $0 != current && issued(current, by: $0) }) else { return false }
            current = next
        }
        return false
    }
}
