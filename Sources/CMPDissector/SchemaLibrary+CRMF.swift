extension SchemaLibrary {
    /// RFC 4211 App. B (`DEFINITIONS IMPLICIT TAGS`): a `[n]` around an untagged CHOICE (Name,
    /// GeneralName, Time, POPOPrivKey, EncryptedKey) is explicit, every other one implicit.
    static let crmfTypes: [SchemaName: ASN1Schema] = [
        "CertReqMessages": .sequenceOf("CertReqMsg", .ref("CertReqMsg")),
        "CertReqMsg": .sequence([
            field("certReq", .ref("CertRequest")),
            optional("popo", .ref("ProofOfPossession")),
            optional("regInfo", .sequenceOf("AttributeTypeAndValue", .ref("Control"))),
        ]),
        "CertRequest": .sequence([
            field("certReqId", .integer([:])),
            field("certTemplate", .ref("CertTemplate")),
            optional("controls", .sequenceOf("AttributeTypeAndValue", .ref("Control"))),
        ]),
        "CertTemplate": .sequence([
            implicit(0, "version", .integer([0: "v1", 1: "v2", 2: "v3"])),
            implicit(1, "serialNumber", .integer([:])),
            implicit(2, "signingAlg", .ref("AlgorithmIdentifier")),
            explicit(3, "issuer", .ref("Name")),
            implicit(4, "validity", .sequence([explicit(0, "notBefore", .ref("Time")), explicit(1, "notAfter", .ref("Time"))])),
            explicit(5, "subject", .ref("Name")),
            implicit(6, "publicKey", .ref("SubjectPublicKeyInfo")),
            implicit(7, "issuerUID", .bitString([])),
            implicit(8, "subjectUID", .bitString([])),
            implicit(9, "extensions", .ref("Extensions")),
        ]),
        "Control": .summarized(.sequence([field("type", .objectIdentifier), field("value", .byOID(.controlValue))]), .child("type")),
        "ProofOfPossession": .choice([
            implicit(0, "raVerified", .null, optional: false),
            implicit(1, "signature", .ref("POPOSigningKey"), optional: false),
            explicit(2, "keyEncipherment", .ref("POPOPrivKey"), optional: false),
            explicit(3, "keyAgreement", .ref("POPOPrivKey"), optional: false),
        ]),
        "POPOSigningKey": .sequence([
            implicit(0, "poposkInput", .ref("POPOSigningKeyInput")),
            field("algorithmIdentifier", .ref("AlgorithmIdentifier")),
            field("signature", .bitString([])),
        ]),
        "POPOSigningKeyInput": .sequence([
            field("authInfo", .choice([explicit(0, "sender", .ref("GeneralName"), optional: false),
                                       field("publicKeyMAC", .ref("PKMACValue"))])),
            field("publicKey", .ref("SubjectPublicKeyInfo")),
        ]),
        "PKMACValue": .sequence([field("algId", .ref("AlgorithmIdentifier")), field("value", .bitString([]))]),
        "POPOPrivKey": .choice([
            implicit(0, "thisMessage", .bitString([]), optional: false),
            implicit(1, "subsequentMessage", .integer([0: "encrCert", 1: "challengeResp"]), optional: false),
            implicit(2, "dhMAC", .bitString([]), optional: false),
            implicit(3, "agreeMAC", .ref("PKMACValue"), optional: false),
            implicit(4, "encryptedKey", .ref("EnvelopedData"), optional: false),
        ]),
        "EncryptedKey": .choice([
            field("encryptedValue", .ref("EncryptedValue")),
            implicit(0, "envelopedData", .ref("EnvelopedData"), optional: false),
        ]),
        "EncryptedValue": .sequence([
            implicit(0, "intendedAlg", .ref("AlgorithmIdentifier")),
            implicit(1, "symmAlg", .ref("AlgorithmIdentifier")),
            implicit(2, "encSymmKey", .bitString([])),
            implicit(3, "keyAlg", .ref("AlgorithmIdentifier")),
            implicit(4, "valueHint", .octetString(.hex)),
            field("encValue", .bitString([])),
        ]),
        "PKIPublicationInfo": .sequence([
            field("action", .integer([0: "dontPublish", 1: "pleasePublish"])),
            optional("pubInfos", .sequenceOf("SinglePubInfo", .sequence([
                field("pubMethod", .integer([0: "dontCare", 1: "x500", 2: "web", 3: "ldap"])),
                optional("pubLocation", .ref("GeneralName")),
            ]))),
        ]),
        "PKIArchiveOptions": .choice([
            explicit(0, "encryptedPrivKey", .ref("EncryptedKey"), optional: false),
            implicit(1, "keyGenParameters", .octetString(.hex), optional: false),
            implicit(2, "archiveRemGenPrivKey", .boolean, optional: false),
        ]),
    ]

    /// id-regCtrl-* and id-regInfo-* (RFC 4211 §6–7, RFC 9480 §2.x).
    static let controlValues: [String: ASN1Schema] = [
        "1.3.6.1.5.5.7.5.1.1": .string,
        "1.3.6.1.5.5.7.5.1.2": .string,
        "1.3.6.1.5.5.7.5.1.3": .ref("PKIPublicationInfo"),
        "1.3.6.1.5.5.7.5.1.4": .ref("PKIArchiveOptions"),
        "1.3.6.1.5.5.7.5.1.5": .ref("CertId"),
        "1.3.6.1.5.5.7.5.1.6": .ref("SubjectPublicKeyInfo"),
        "1.3.6.1.5.5.7.5.1.7": .ref("Control"),
        "1.3.6.1.5.5.7.5.1.11": .ref("AlgorithmIdentifier"),
        "1.3.6.1.5.5.7.5.1.12": .integer([:]),
        "1.3.6.1.5.5.7.5.2.1": .string,
        "1.3.6.1.5.5.7.5.2.2": .ref("CertRequest"),
    ]
}
