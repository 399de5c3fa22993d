/// MAC-based protection (RFC 9810 §5.1.3.1 PasswordBasedMac, RFC 9481 §6.1.2 PBMAC1) computed
/// over DER(ProtectedPart) with the shared secret.
///
/// Iteration counts come from the capture: a hostile message can ask for 2^31 rounds, so counts
/// above `maxIterations` are refused (reported not verified) unless the user raises the limit.
enum MACVerifier {
    enum Outcome: Equatable {
        case valid
        case invalid
        case notVerified(String)
    }

    /// RFC 9810 §5.1.3.1: BASEKEY = OWF applied iterationCount times to secret‖salt, then
    /// MAC(BASEKEY, ProtectedPart). OpenSSL and the RFC use the whole BASEKEY as the HMAC key.
    static func passwordBasedMac(_ pbm: PBMParameter, secret: [UInt8], data: [UInt8], expected: ArraySlice<UInt8>,
                                 maxIterations: Int) -> Outcome {
        guard let owf = DigestAlgorithm(hashOID: pbm.owf) else { return .notVerified("unsupported owf \(pbm.owf)") }
        guard let mac = DigestAlgorithm(hmacOID: pbm.mac) else { return .notVerified("unsupported mac \(pbm.mac)") }
        guard pbm.iterationCount >= 1 else { return .notVerified("iterationCount \(pbm.iterationCount)") }
        guard pbm.iterationCount <= maxIterations else {
            return .notVerified("iterationCount \(pbm.iterationCount) is above the limit \(maxIterations)")
        }
        var key = owf.hash(secret + pbm.salt)
        for _ in 1..<pbm.iterationCount { key = owf.hash(key) }
        return compare(mac.hmac(key: key, data), expected)
    }

    /// RFC 8018 §7.1 PBMAC1: key = PBKDF2(prf, secret, salt, c, dkLen), then the MAC scheme over the data.
    /// dkLen is keyLength when given, else the MAC's output length (RFC 9481 §6.1.2).
    static func pbmac1(_ parameters: PBMAC1Parameters, secret: [UInt8], data: [UInt8], expected: ArraySlice<UInt8>,
                       maxIterations: Int) -> Outcome {
        guard parameters.kdfOID == OID.pbkdf2 || parameters.kdfOID == OID.pbes2 else {
            return .notVerified("unsupported key derivation \(parameters.kdfOID)")
        }
        guard let prf = DigestAlgorithm(hmacOID: parameters.prf) else { return .notVerified("unsupported prf \(parameters.prf)") }
        guard let mac = DigestAlgorithm(hmacOID: parameters.mac) else { return .notVerified("unsupported MAC \(parameters.mac)") }
        guard parameters.iterationCount >= 1 else { return .notVerified("iterationCount \(parameters.iterationCount)") }
        guard parameters.iterationCount <= maxIterations else {
            return .notVerified("iterationCount \(parameters.iterationCount) is above the limit \(maxIterations)")
        }
        let length = parameters.keyLength ?? mac.outputCount
        guard length >= 1, length <= 1024 else { return .notVerified("keyLength \(length)") }
        let key = pbkdf2(prf, password: secret, salt: Array(parameters.salt), iterations: parameters.iterationCount, length: length)
        return compare(mac.hmac(key: key, data), expected)
    }

    /// PBKDF2 (RFC 8018 §5.2): T_i = U_1 ⊕ … ⊕ U_c, U_1 = PRF(P, S ‖ INT(i)), U_j = PRF(P, U_{j-1}).
    static func pbkdf2(_ prf: DigestAlgorithm, password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var output = [UInt8]()
        var block: UInt32 = 1
        while output.count < length {
            var u = prf.hmac(key: password, salt + [UInt8(block >> 24), UInt8((block >> 16) & 0xFF), UInt8((block >> 8) & 0xFF), UInt8(block & 0xFF)])
            var t = u
            if iterations > 1 {
                for _ in 2...iterations {
                    u = prf.hmac(key: password, u)
                    for index in t.indices { t[index] ^= u[index] }
                }
            }
            output += t
            block &+= 1
        }
        return Array(output.prefix(length))
    }

    /// Constant-time enough for a dissector; what matters is that a short value never matches.
    static func compare(_ computed: [UInt8], _ expected: ArraySlice<UInt8>) -> Outcome {
        guard computed.count == expected.count else { return .invalid }
        var difference: UInt8 = 0
        for (a, b) in zip(computed, expected) { difference |= a ^ b }
        return difference == 0 ? .valid : .invalid
    }
}
