import CMPCore
import CMPMessages
import SwiftASN1
import X509

/// Verifies a message's protection and checks its signer certificate: MAC with `--secret`,
/// signature with extraCerts (RFC 9483 §3.3: the protection certificate comes first), chain with
/// `--trusted`. Without a secret, MAC protection is reported not verified, never invalid.
enum ProtectionCheck {
    /// How the message is protected, for `cmp.protection.kind-changed`.
    enum Kind: String, Sendable {
        case mac = "MAC"
        case signature
        case other
    }

    /// extraCerts looked at for the signer and its chain: a real chain is a handful, and a hostile
    /// message with 100,000 certificates must not make every message cost 100,000 parses.
    static let maxCertificates = 32

    static func kind(of oid: String?) -> Kind? {
        guard let oid else { return nil }
        switch oid {
        case OID.passwordBasedMac, OID.pbmac1, OID.dhBasedMac, OID.kemBasedMac: return .mac
        default: return SignatureVerifier.isSignatureAlgorithm(oid) ? .signature : .other
        }
    }

    /// Parsed extraCerts by their DER, owned by the analyzer: a client sends the same certificate
    /// with every message, and parsing it again each time cost as much as the rest of the rules.
    typealias CertificateCache = BoundedCache<ByteKey, Certificate?>

    static func check(_ summary: CMPMessageSummary, facts: MessageFacts?, options: AnalysisOptions,
                      earlierPBM: PBMParameter? = nil, certificates: CertificateCache? = nil) -> [Finding] {
        guard summary.isProtected, let oid = summary.protectionAlgorithm else { return [] }
        guard let facts, let algorithm = facts.protectionAlg, let protection = facts.protection else {
            return [Finding(.protectionNotVerified, "protection not verified: the message is not DER")]
        }
        let at = FindingLocation.message(protection.range)
        switch kind(of: oid) {
        case .mac:
            return [macFinding(algorithm, facts: facts, protection: protection.bits, options: options, earlierPBM: earlierPBM, at: at)]
        case .signature:
            return signatureFindings(algorithm, facts: facts, summary: summary, options: options, at: at, cache: certificates)
        case .other, nil:
            return [Finding(.protectionNotVerified, "protection not verified: unsupported algorithm \(oid)", at: at)]
        }
    }

    static func macFinding(_ algorithm: MessageFacts.Algorithm, facts: MessageFacts, protection: ArraySlice<UInt8>,
                           options: AnalysisOptions, earlierPBM: PBMParameter?, at: FindingLocation) -> Finding {
        guard let secret = options.secret?.secret else {
            return Finding(.protectionNotVerified, "MAC protection not verified: no --secret", at: at)
        }
        let outcome: MACVerifier.Outcome
        var name: String
        switch algorithm.oid {
        case OID.passwordBasedMac:
            name = "PasswordBasedMac"
            if let pbm = facts.pbm {
                outcome = MACVerifier.passwordBasedMac(pbm, secret: secret, data: facts.protectedPart, expected: protection,
                                                       maxIterations: options.maxPBMIterations)
            } else if let earlierPBM {
                // cryptlib sends NULL parameters after the first message: "same as before".
                name = "PasswordBasedMac (parameters of an earlier message)"
                outcome = MACVerifier.passwordBasedMac(earlierPBM, secret: secret, data: facts.protectedPart, expected: protection,
                                                       maxIterations: options.maxPBMIterations)
            } else {
                outcome = .notVerified("no PBMParameter in this message")
            }
        case OID.pbmac1:
            name = "PBMAC1"
            if let parameters = algorithm.parameters, let pbmac1 = PBMAC1Parameters(parameters) {
                outcome = MACVerifier.pbmac1(pbmac1, secret: secret, data: facts.protectedPart, expected: protection,
                                             maxIterations: options.maxPBMIterations)
            } else {
                outcome = .notVerified("PBMAC1 parameters do not decode")
            }
        default:
            name = algorithm.oid
            outcome = .notVerified("\(algorithm.oid) needs key agreement, not a shared secret")
        }
        return finding(outcome, name, at: at)
    }

    static func finding(_ outcome: MACVerifier.Outcome, _ name: String, at: FindingLocation, detail: String = "") -> Finding {
        switch outcome {
        case .valid: Finding(.protectionValid, "\(name) protection valid\(detail)", at: at)
        case .invalid: Finding(.protectionInvalid, "\(name) protection invalid\(detail)", at: at)
        case .notVerified(let reason): Finding(.protectionNotVerified, "\(name) protection not verified: \(reason)", at: at)
        }
    }

    static func signatureFindings(_ algorithm: MessageFacts.Algorithm, facts: MessageFacts, summary: CMPMessageSummary,
                                  options: AnalysisOptions, at: FindingLocation, cache: CertificateCache? = nil) -> [Finding] {
        guard let protection = facts.protection else { return [] }
        var certificates = facts.extraCerts.prefix(maxCertificates).compactMap { der -> Certificate? in
            guard let cache, ByteKey(der).isSmall(ByteKey.maxCachedCertificate) else { return try? Certificate(derEncoded: Array(der)) }
            return cache.value(for: ByteKey(der), stored: { ByteKey(der).detached }) { try? Certificate(derEncoded: Array(der)) }
        }
        // pkiconf, pollReq/pollRep and servers that assume the client knows their certificate omit
        // extraCerts (RFC 9483 §3.3): then a --trusted certificate named by the header may sign.
        let fromAnchors = certificates.isEmpty
        if fromAnchors, let anchors = options.trustAnchors?.certificates,
           let named = namedSigner(summary, facts: facts, certificates: anchors, preferFirst: false) {
            certificates = [named]
        }
        guard let first = certificates.first else {
            return [Finding(.protectionNotVerified, "signature not verified: no signer certificate in extraCerts", at: at)]
        }
        var findings = [Finding]()
        let data = facts.protectedPart
        var signer = first
        var outcome = SignatureVerifier.verify(oid: algorithm.oid, parameters: algorithm.parameters, signature: protection.bits,
                                               data: data, key: first.publicKey)
        let extraAt = facts.extraCertsRange.map { FindingLocation.message($0) } ?? at
        if fromAnchors {
            // The anchor itself signed: nothing more to check about extraCerts.
        } else if outcome == .invalid {
            for candidate in certificates.dropFirst()
            where SignatureVerifier.verify(oid: algorithm.oid, parameters: algorithm.parameters, signature: protection.bits,
                                           data: data, key: candidate.publicKey) == .valid {
                signer = candidate
                outcome = .valid
                findings.append(Finding(.extraCertsSignerNotFirst, "the signing certificate \(candidate.subject) is not extraCerts[0]",
                                        at: extraAt))
                break
            }
        } else if let named = namedSigner(summary, facts: facts, certificates: certificates, preferFirst: true), named != first {
            findings.append(Finding(.extraCertsSignerNotFirst, "senderKID/sender name \(named.subject), which is not extraCerts[0]",
                                    at: extraAt))
        }
        var detail = " (signer \(signer.subject)\(fromAnchors ? ", a --trusted certificate" : ""))"
        if outcome == .valid, let anchors = options.trustAnchors?.certificates {
            if SignatureVerifier.chainsToAnchor(signer, intermediates: certificates, anchors: anchors) {
                detail += ", chain to a trusted anchor"
            } else {
                findings.append(Finding(.signerUntrusted, "no chain from \(signer.subject) to a --trusted anchor", at: extraAt))
            }
        }
        findings.insert(finding(outcome, "signature", at: at, detail: detail), at: 0)
        if let sender = senderName(facts), !sender.isEmpty, sender != signer.subject {
            let at = facts.sender.map { FindingLocation.message(ByteRange($0)) } ?? extraAt
            if Array(sender.reversed()) == Array(signer.subject) {
                findings.append(Finding(.signerRDNOrderReversed, "sender \(sender) is \(signer.subject) in reverse RDN order", at: at))
            } else {
                findings.append(Finding(.signerSenderMismatch, "sender \(sender) is not the signer \(signer.subject)", at: at))
            }
        }
        if let usage = try? signer.extensions.keyUsage, !usage.digitalSignature {
            findings.append(Finding(.signerNoDigitalSignature, "keyUsage of \(signer.subject) lacks digitalSignature", at: extraAt))
        }
        return findings
    }

    /// header.sender as a Name, when it is a directoryName.
    static func senderName(_ facts: MessageFacts) -> DistinguishedName? {
        guard let sender = facts.sender, sender.identifier.tagClass == .contextSpecific, sender.identifier.tagNumber == 4,
              let name = ASN1Reader.firstChild(sender) else { return nil }
        return try? DistinguishedName(derEncoded: name)
    }

    /// The certificate the header names as signer: SubjectKeyIdentifier = senderKID, else subject = sender.
    static func namedSigner(_ summary: CMPMessageSummary, facts: MessageFacts, certificates: [Certificate],
                            preferFirst: Bool) -> Certificate? {
        if let kid = summary.senderKID, !kid.isEmpty {
            if let match = certificates.first(where: { (try? $0.extensions.subjectKeyIdentifier)??.keyIdentifier == kid[...] }) {
                return match
            }
        }
        guard let dn = senderName(facts), !dn.isEmpty else { return nil }
        let matches = certificates.filter { $0.subject == dn }
        return preferFirst && matches.contains(certificates[0]) ? certificates[0] : matches.first
    }
}
