import CMPCore
import SwiftASN1

/// The per-message lints: header (RFC 9810 §5.1.1, RFC 9483 §3.1), protection fields (§5.1.3) and
/// body (§5.3), each with the source that documents it (`FindingCatalogue`). They read the summary
/// first, so a message swift-asn1 cannot parse (BER, damage) still gets the header checks.
enum MessageRules {
    static func check(_ summary: CMPMessageSummary, facts: MessageFacts?, der: [UInt8]) -> [Finding] {
        var findings = [Finding]()
        checkVersion(summary, facts, into: &findings)
        checkHeader(summary, facts, der: der, into: &findings)
        checkProtectionFields(summary, facts, into: &findings)
        checkBody(summary, facts, into: &findings)
        return findings
    }

    /// Where the header sits, for findings about a field that is absent.
    static func headerRange(_ facts: MessageFacts?) -> FindingLocation {
        guard let facts else { return .message(ByteRange(lowerBound: 0, upperBound: 0)) }
        return .message(ByteRange(lowerBound: facts.header.startIndex, upperBound: facts.header.endIndex))
    }

    // MARK: - pvno (RFC 9810 §7)

    static func checkVersion(_ summary: CMPMessageSummary, _ facts: MessageFacts?, into findings: inout [Finding]) {
        guard let pvno = summary.pvno else { return }
        let at = headerRange(facts)
        switch pvno {
        case 1:
            findings.append(Finding(.pvnoCMP1999, "pvno cmp1999 (1): RFC 2510 syntax", at: at))
        case 2:
            if let feature = facts?.v3Feature {
                findings.append(Finding(.pvnoV2WithV3Features, "pvno cmp2000 (2) with \(feature.name), which needs cmp2021 (3)",
                                        at: .message(feature.range)))
            }
        case 3:
            if let facts, facts.v3Feature == nil {
                findings.append(Finding(.pvnoV3WithoutV3Features,
                                        "pvno cmp2021 (3) but no EnvelopedData, hashAlg or RootCaKeyUpdateContent", at: at))
            }
        default:
            findings.append(Finding(.pvnoUnknown, "pvno \(pvno) is not cmp1999 (1), cmp2000 (2) or cmp2021 (3)", at: at))
        }
    }

    // MARK: - Header fields

    static func checkHeader(_ summary: CMPMessageSummary, _ facts: MessageFacts?, der: [UInt8], into findings: inout [Finding]) {
        let at = headerRange(facts)
        if let tid = summary.transactionID {
            if tid.count != 16 {
                findings.append(Finding(.transactionIDLength, "transactionID is \(tid.count) bytes, not 16 (128 bits)", at: at))
            }
        } else if summary.error == nil {
            findings.append(Finding(.transactionIDMissing, "no transactionID", at: at))
        }
        if let nonce = summary.senderNonce {
            if nonce.count != 16 {
                findings.append(Finding(.senderNonceLength, "senderNonce is \(nonce.count) bytes, not 16 (128 bits)", at: at))
            }
        } else if summary.error == nil {
            findings.append(Finding(.senderNonceMissing, "no senderNonce", at: at))
        }
        if let kid = summary.senderKID, kid.isEmpty {
            findings.append(Finding(.senderKIDEmpty, "senderKID is empty", at: facts?.senderKID.map { .message($0) } ?? at))
        }
        if let facts {
            for (role, name) in [("sender", facts.sender), ("recipient", facts.recipient)] {
                guard let name else { continue }
                if name.identifier.tagClass == .contextSpecific, name.identifier.tagNumber == 4, name.encodedBytes.count == 2 {
                    findings.append(Finding(.nameEmpty, "\(role) is an empty [4] (A4 00), not the NULL-DN A4 02 30 00",
                                            at: .message(ByteRange(name))))
                }
            }
            if let sender = facts.sender, !(sender.identifier.tagClass == .contextSpecific && sender.identifier.tagNumber == 4) {
                findings.append(Finding(.senderNotDirectoryName, "sender is GeneralName [\(sender.identifier.tagNumber)], not a directoryName",
                                        at: .message(ByteRange(sender))))
            }
            if let time = facts.messageTime {
                checkMessageTime(time, into: &findings)
            }
            checkGeneralInfo(facts, into: &findings)
        } else if let time = summary.messageTime, !isUTCGeneralizedTime(time) {
            findings.append(Finding(.messageTimeNotUTC, "messageTime \(time) is not YYYYMMDDHHMMSSZ", at: at))
        }
    }

    static func checkMessageTime(_ time: ASN1Node, into findings: inout [Finding]) {
        guard case .primitive(let bytes) = time.content else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        if time.identifier != .generalizedTime {
            findings.append(Finding(.messageTimeNotUTC, "messageTime \(text) is not a GeneralizedTime", at: .message(ByteRange(time))))
        } else if !isUTCGeneralizedTime(text) {
            findings.append(Finding(.messageTimeNotUTC, "messageTime \(text) is not YYYYMMDDHHMMSSZ (UTC, no fractions)",
                                    at: .message(ByteRange(time))))
        }
    }

    /// RFC 5280 §4.1.2.5.2: `YYYYMMDDHHMMSSZ`, seconds present, no fractional seconds.
    static func isUTCGeneralizedTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 15, bytes[14] == UInt8(ascii: "Z") else { return false }
        return bytes[0..<14].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    static func checkGeneralInfo(_ facts: MessageFacts, into findings: inout [Finding]) {
        if let confirm = facts.implicitConfirm() {
            if let value = confirm.value {
                if value.identifier != .null || value.encodedBytes.count != 2 {
                    findings.append(Finding(.implicitConfirmNotNull, "implicitConfirm carries a value other than NULL",
                                            at: .message(ByteRange(value))))
                }
            } else {
                findings.append(Finding(.implicitConfirmNotNull, "implicitConfirm has no value (NULL expected)",
                                        at: .message(confirm.range)))
            }
            if let wait = facts.generalInfo.first(where: { $0.oid == OID.confirmWaitTime }) {
                findings.append(Finding(.confirmWaitTimeWithImplicitConfirm, "confirmWaitTime together with implicitConfirm",
                                        at: .message(wait.range)))
            }
        }
        if let vendor = facts.generalInfo.first(where: { $0.oid.hasPrefix(OID.cryptlibArc) }) {
            findings.append(Finding(.cryptlibInfoType, "generalInfo \(vendor.oid): cryptlib", at: .message(vendor.range)))
        }
    }

    // MARK: - Protection fields (RFC 9810 §5.1.1, §5.1.3)

    static func isNegative(_ summary: CMPMessageSummary) -> Bool {
        guard let body = summary.body else { return false }
        switch body {
        case .error, .pkiconf: return true
        case .ip, .cp, .kup, .ccp, .rp, .krp: return summary.statuses.contains(.rejection)
        default: return false
        }
    }

    static func checkProtectionFields(_ summary: CMPMessageSummary, _ facts: MessageFacts?, into findings: inout [Finding]) {
        let hasAlg = summary.protectionAlgorithm != nil
        let at = headerRange(facts)
        switch (hasAlg, summary.isProtected) {
        case (false, false):
            guard summary.error == nil, summary.body != nil else { break }
            if isNegative(summary) {
                let what = summary.body == .pkiconf ? "pkiconf" : (summary.body == .error ? "error message" : "rejection")
                findings.append(Finding(.protectionMissingOnNegative, "unprotected \(what)", at: at))
            } else {
                findings.append(Finding(.protectionMissing, "no protectionAlg and no protection", at: at))
            }
        case (true, false):
            if summary.error == nil {
                findings.append(Finding(.protectionAlgWithoutProtection, "protectionAlg \(summary.protectionAlgorithm ?? "") without protection",
                                        at: facts?.protectionAlg.map { .message($0.range) } ?? at))
            }
        case (false, true):
            findings.append(Finding(.protectionWithoutAlg, "protection without protectionAlg",
                                    at: facts?.protection.map { .message($0.range) } ?? at))
        case (true, true):
            if let algorithm = facts?.protectionAlg { checkMACParameters(algorithm, pbm: facts?.pbm, into: &findings) }
        }
    }

    /// PBMParameter (RFC 9810 §5.1.3.1) and PBMAC1-params (RFC 9481 §6.1.2, RFC 8018 §7.1).
    static func checkMACParameters(_ algorithm: MessageFacts.Algorithm, pbm: PBMParameter?, into findings: inout [Finding]) {
        switch algorithm.oid {
        case OID.passwordBasedMac:
            guard let pbm else {
                findings.append(Finding(.pbmParamsNull, "PasswordBasedMac without PBMParameter: the parameters of an earlier message apply",
                                        at: .message(algorithm.range)))
                return
            }
            checkIterations(pbm.iterationCount, at: pbm.iterationRange, into: &findings)
            if pbm.owf == OID.md5 || pbm.owf == OID.sha1 {
                findings.append(Finding(.pbmWeakOWF, "PasswordBasedMac owf \(pbm.owf == OID.md5 ? "MD5" : "SHA-1")",
                                        at: .message(pbm.owfRange)))
            }
        case OID.pbmac1:
            guard let parameters = algorithm.parameters, let pbmac1 = PBMAC1Parameters(parameters) else { return }
            if pbmac1.kdfOID == OID.pbes2 {
                findings.append(Finding(.pbmac1PBES2OID, "PBMAC1 keyDerivationFunc is id-PBES2, not id-PBKDF2",
                                        at: .message(pbmac1.kdfRange)))
            }
            checkIterations(pbmac1.iterationCount, at: pbmac1.iterationRange, into: &findings)
            if let prf = DigestAlgorithm(hmacOID: pbmac1.prf), let mac = DigestAlgorithm(hmacOID: pbmac1.mac), prf != mac {
                findings.append(Finding(.pbmac1PRFMACMismatch, "PBMAC1 PRF HMAC-\(prf.name), MAC HMAC-\(mac.name)",
                                        at: .message(pbmac1.kdfRange)))
            }
        default:
            break
        }
    }

    static func checkIterations(_ count: Int, at range: ByteRange, into findings: inout [Finding]) {
        if count > 10_000 {
            findings.append(Finding(.pbmIterationsHigh, "iterationCount \(count) (over 10000)", at: .message(range)))
        } else if count < 1000 {
            findings.append(Finding(.pbmIterationsLow, "iterationCount \(count) (under 1000)", at: .message(range)))
        }
    }

    // MARK: - Body (RFC 9810 §5.3, RFC 9483 §4)

    static func checkBody(_ summary: CMPMessageSummary, _ facts: MessageFacts?, into findings: inout [Finding]) {
        if let unknown = summary.failInfo.first(where: { $0.rawValue >= PKIFailureInfoBit.names.count }) {
            findings.append(Finding(.failInfoUnknownBit, "failInfo bit \(unknown.rawValue) is not defined", at: headerRange(nil)))
        }
        guard let facts else {
            for value in summary.checkAfter where value <= 0 {
                findings.append(Finding(.checkAfterNonpositive, value < 0 ? .error : .warning, "checkAfter \(value)"))
            }
            return
        }
        for entry in facts.checkAfter where entry.value <= 0 {
            findings.append(Finding(.checkAfterNonpositive, entry.value < 0 ? .error : .warning,
                                    "checkAfter \(entry.value)\(entry.value < 0 ? " (negative)" : " (busy polling)")",
                                    at: .message(entry.range)))
        }
        for entry in facts.checkAfter where entry.value > 86_400 {
            findings.append(Finding(.checkAfterLarge, "checkAfter \(entry.value) seconds (over a day)", at: .message(entry.range)))
        }
        let body = PKIBodyType(rawValue: facts.bodyTag)
        if [.ir, .cr, .kur].contains(body), facts.requestCertReqIds.count > 1 {
            findings.append(Finding(.certReqMsgsMultiple, "\(facts.requestCertReqIds.count) CertReqMsg in \(body.name)",
                                    at: .message(ByteRange(lowerBound: facts.body.startIndex, upperBound: facts.body.endIndex))))
        }
        if let caPubs = facts.caPubs {
            if body == .cp || body == .kup {
                findings.append(Finding(.caPubsUnexpected, "caPubs in \(body.name)", at: .message(caPubs)))
            } else if !facts.responses.contains(where: { $0.certificate != nil }) {
                findings.append(Finding(.caPubsUnexpected, "caPubs in a response without a certificate", at: .message(caPubs)))
            }
        }
        if body == .ir || body == .cr || body == .kur {
            for request in facts.requestCertReqIds where request.id != 0 {
                findings.append(Finding(.certReqIdUnexpected, "certReqId \(request.id) in \(body.name) (RFC 9483: 0)",
                                        at: .message(request.range)))
            }
        }
    }
}
