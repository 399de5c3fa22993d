import CMPCore

extension SchemaLibrary {
    /// PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String, each MAY carry an RFC 2482 language tag.
    static let freeText: ASN1Schema = .sequenceOf("text", .freeTextString)
    static let certificates: ASN1Schema = .sequenceOf("CMPCertificate", .ref("Certificate"))
    static let algorithm: ASN1Schema = .ref("AlgorithmIdentifier")

    /// RFC 9810 App. F (`DEFINITIONS EXPLICIT TAGS`).
    static let cmpTypes: [SchemaName: ASN1Schema] = [
        "PKIMessage": .sequence([
            field("header", .ref("PKIHeader")),
            field("body", .ref("PKIBody")),
            explicit(0, "protection", .bitString([])),
            explicit(1, "extraCerts", certificates),
        ]),
        "PKIHeader": .sequence([
            field("pvno", .integer([1: "cmp1999", 2: "cmp2000", 3: "cmp2021"])),
            field("sender", .ref("GeneralName")),
            field("recipient", .ref("GeneralName")),
            explicit(0, "messageTime", .time),
            explicit(1, "protectionAlg", algorithm),
            explicit(2, "senderKID", .octetString(.textOrHex)),
            explicit(3, "recipKID", .octetString(.textOrHex)),
            explicit(4, "transactionID", .octetString(.hex)),
            explicit(5, "senderNonce", .octetString(.hex)),
            explicit(6, "recipNonce", .octetString(.hex)),
            explicit(7, "freeText", .summarized(freeText, .replyLanguage)),
            explicit(8, "generalInfo", .sequenceOf("InfoTypeAndValue", .ref("InfoTypeAndValue"))),
        ]),
        "PKIBody": .choice([
            explicit(0, "ir", .ref("CertReqMessages")), explicit(1, "ip", .ref("CertRepMessage")),
            explicit(2, "cr", .ref("CertReqMessages")), explicit(3, "cp", .ref("CertRepMessage")),
            explicit(4, "p10cr", .ref("CertificationRequest")),
            explicit(5, "popdecc", .sequenceOf("Challenge", .ref("Challenge"))),
            explicit(6, "popdecr", .sequenceOf("INTEGER", .integer([:]))),
            explicit(7, "kur", .ref("CertReqMessages")), explicit(8, "kup", .ref("CertRepMessage")),
            explicit(9, "krr", .ref("CertReqMessages")), explicit(10, "krp", .ref("KeyRecRepContent")),
            explicit(11, "rr", .sequenceOf("RevDetails", .ref("RevDetails"))),
            explicit(12, "rp", .ref("RevRepContent")),
            explicit(13, "ccr", .ref("CertReqMessages")), explicit(14, "ccp", .ref("CertRepMessage")),
            explicit(15, "ckuann", .ref("CAKeyUpdContent")),
            explicit(16, "cann", .ref("Certificate")),
            explicit(17, "rann", .ref("RevAnnContent")),
            explicit(18, "crlann", .sequenceOf("CertificateList", .ref("CertificateList"))),
            explicit(19, "pkiconf", .null),
            explicit(20, "nested", .sequenceOf("PKIMessage", .ref("PKIMessage"))),
            explicit(21, "genm", .sequenceOf("InfoTypeAndValue", .ref("InfoTypeAndValue"))),
            explicit(22, "genp", .sequenceOf("InfoTypeAndValue", .ref("InfoTypeAndValue"))),
            explicit(23, "error", .ref("ErrorMsgContent")),
            explicit(24, "certConf", .sequenceOf("CertStatus", .ref("CertStatus"))),
            explicit(25, "pollReq", .sequenceOf("PollReq", .sequence([field("certReqId", .integer([:]))]))),
            explicit(26, "pollRep", .sequenceOf("PollRep", .sequence([
                field("certReqId", .integer([:])), field("checkAfter", .integer([:])), optional("reason", freeText),
            ]))),
            // Any other context tag: kept raw and flagged cmp.body.unknown by MessageTreeBuilder.
            SchemaField("unknown", .untagged, .any),
        ]),
        "InfoTypeAndValue": .summarized(.sequence([
            field("infoType", .objectIdentifier), optional("infoValue", .byOID(.infoValue)),
        ]), .child("infoType")),
        "PKIStatusInfo": .summarized(.sequence([
            field("status", .integer(pkiStatusNames)),
            optional("statusString", freeText),
            optional("failInfo", .bitString(failureInfoNames)),
        ]), .child("status")),
        "CertRepMessage": .sequence([
            explicit(1, "caPubs", certificates),
            field("response", .sequenceOf("CertResponse", .ref("CertResponse"))),
        ]),
        "CertResponse": .sequence([
            field("certReqId", .integer([:])),
            field("status", .ref("PKIStatusInfo")),
            optional("certifiedKeyPair", .ref("CertifiedKeyPair")),
            optional("rspInfo", .octetString(.hex)),
        ]),
        "CertifiedKeyPair": .sequence([
            field("certOrEncCert", .choice([explicit(0, "certificate", .ref("Certificate")),
                                            explicit(1, "encryptedCert", .ref("EncryptedKey"))])),
            explicit(0, "privateKey", .ref("EncryptedKey")),
            explicit(1, "publicationInfo", .ref("PKIPublicationInfo")),
        ]),
        "KeyRecRepContent": .sequence([
            field("status", .ref("PKIStatusInfo")),
            explicit(0, "newSigCert", .ref("Certificate")),
            explicit(1, "caCerts", certificates),
            explicit(2, "keyPairHist", .sequenceOf("CertifiedKeyPair", .ref("CertifiedKeyPair"))),
        ]),
        "RevDetails": .sequence([
            field("certDetails", .ref("CertTemplate")),
            optional("crlEntryDetails", .ref("Extensions")),
        ]),
        "RevRepContent": .sequence([
            field("status", .sequenceOf("PKIStatusInfo", .ref("PKIStatusInfo"))),
            explicit(0, "revCerts", .sequenceOf("CertId", .ref("CertId"))),
            explicit(1, "crls", .sequenceOf("CertificateList", .ref("CertificateList"))),
        ]),
        // CAKeyUpdContent ::= CHOICE { cAKeyUpdAnnV2 CAKeyUpdAnnContent, cAKeyUpdAnnV3 [0] RootCaKeyUpdateContent }
        "CAKeyUpdContent": .choice([
            field("cAKeyUpdAnnV2", .ref("CAKeyUpdAnnContent")),
            explicit(0, "cAKeyUpdAnnV3", .ref("RootCaKeyUpdateContent")),
        ]),
        "CAKeyUpdAnnContent": .sequence([
            field("oldWithNew", .ref("Certificate")), field("newWithOld", .ref("Certificate")),
            field("newWithNew", .ref("Certificate")),
        ]),
        "RootCaKeyUpdateContent": .sequence([
            field("newWithNew", .ref("Certificate")),
            explicit(0, "newWithOld", .ref("Certificate")),
            explicit(1, "oldWithNew", .ref("Certificate")),
        ]),
        "RevAnnContent": .sequence([
            field("status", .integer(pkiStatusNames)), field("certId", .ref("CertId")),
            field("willBeRevokedAt", .time), field("badSinceDate", .time),
            optional("crlDetails", .ref("Extensions")),
        ]),
        "ErrorMsgContent": .sequence([
            field("pKIStatusInfo", .ref("PKIStatusInfo")),
            optional("errorCode", .integer([:])),
            optional("errorDetails", freeText),
        ]),
        "CertStatus": .sequence([
            field("certHash", .octetString(.hex)), field("certReqId", .integer([:])),
            optional("statusInfo", .ref("PKIStatusInfo")),
            explicit(0, "hashAlg", algorithm),
        ]),
        "Challenge": .sequence([
            optional("owf", algorithm), field("witness", .octetString(.hex)), field("challenge", .octetString(.hex)),
            explicit(0, "encryptedRand", .ref("EnvelopedData")),
        ]),
        "CertId": .sequence([field("issuer", .ref("GeneralName")), field("serialNumber", .integer([:]))]),
        "CertReqTemplateContent": .sequence([
            field("certTemplate", .ref("CertTemplate")),
            optional("keySpec", .sequenceOf("AttributeTypeAndValue", .ref("Control"))),
        ]),
        "CRLStatus": .sequence([
            field("source", .choice([explicit(0, "dpn", .ref("DistributionPointName")),
                                     explicit(1, "issuer", .sequenceOf("GeneralName", .ref("GeneralName")))])),
            optional("thisUpdate", .time),
        ]),
        "KemCiphertextInfo": .sequence([field("kem", algorithm), field("ct", .octetString(.hex))]),
        "PBMParameter": .sequence([
            field("salt", .octetString(.hex)), field("owf", algorithm),
            field("iterationCount", .integer([:])), field("mac", algorithm),
        ]),
        "DHBMParameter": .sequence([field("owf", algorithm), field("mac", algorithm)]),
        "KemBMParameter": .sequence([
            field("kdf", algorithm), explicit(0, "kemContext", .octetString(.hex)),
            field("len", .integer([:])), field("mac", algorithm),
        ]),
        "PBMAC1-params": .sequence([field("keyDerivationFunc", algorithm), field("messageAuthScheme", algorithm)]),
        "PBKDF2-params": .sequence([
            field("salt", .choice([field("specified", .octetString(.hex)), field("otherSource", algorithm)])),
            field("iterationCount", .integer([:])),
            optional("keyLength", .integer([:])),
            optional("prf", algorithm),
        ]),
    ]

    /// PKIStatus and PKIFailureInfo names come from CMPCore's open registries (RFC 9810 §5.2.3).
    static let pkiStatusNames: [Int: String] = Dictionary(uniqueKeysWithValues: PKIStatus.names.enumerated().map { ($0.offset, $0.element) })
    static let failureInfoNames = PKIFailureInfoBit.names

    /// id-it 1–24 (RFC 9810 §5.3.19, App. F), by their value types.
    static let infoValues: [String: ASN1Schema] = [
        "1.3.6.1.5.5.7.4.1": .ref("Certificate"),
        "1.3.6.1.5.5.7.4.2": .sequenceOf("AlgorithmIdentifier", algorithm),
        "1.3.6.1.5.5.7.4.3": .sequenceOf("AlgorithmIdentifier", algorithm),
        "1.3.6.1.5.5.7.4.4": algorithm,
        "1.3.6.1.5.5.7.4.5": .ref("CAKeyUpdAnnContent"),
        "1.3.6.1.5.5.7.4.6": .ref("CertificateList"),
        "1.3.6.1.5.5.7.4.7": .sequenceOf("OBJECT IDENTIFIER", .objectIdentifier),
        "1.3.6.1.5.5.7.4.10": .objectIdentifier,
        "1.3.6.1.5.5.7.4.11": algorithm,
        "1.3.6.1.5.5.7.4.12": .ref("EncryptedKey"),
        "1.3.6.1.5.5.7.4.13": .null,
        "1.3.6.1.5.5.7.4.14": .time,
        "1.3.6.1.5.5.7.4.15": .sequenceOf("PKIMessage", .ref("PKIMessage")),
        // SuppLangTagsValue ::= SEQUENCE OF UTF8String (RFC 5646 tags, plain text)
        "1.3.6.1.5.5.7.4.16": .summarized(.sequenceOf("languageTag", .languageTag), .suppLangTags),
        "1.3.6.1.5.5.7.4.17": certificates,
        "1.3.6.1.5.5.7.4.18": .ref("RootCaKeyUpdateContent"),
        "1.3.6.1.5.5.7.4.19": .ref("CertReqTemplateContent"),
        "1.3.6.1.5.5.7.4.20": .ref("Certificate"),
        "1.3.6.1.5.5.7.4.21": .sequenceOf("UTF8String", .string),
        "1.3.6.1.5.5.7.4.22": .sequenceOf("CRLStatus", .ref("CRLStatus")),
        "1.3.6.1.5.5.7.4.23": .sequenceOf("CertificateList", .ref("CertificateList")),
        "1.3.6.1.5.5.7.4.24": .ref("KemCiphertextInfo"),
    ]
}
