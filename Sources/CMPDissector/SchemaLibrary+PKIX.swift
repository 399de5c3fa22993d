extension SchemaLibrary {
    static let generalNames: ASN1Schema = .sequenceOf("GeneralName", .ref("GeneralName"))
    static let extensions: ASN1Schema = .ref("Extensions")
    /// GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] BaseDistance DEFAULT 0, maximum [1] BaseDistance OPTIONAL }
    static let generalSubtrees: ASN1Schema = .sequenceOf("GeneralSubtree", .summarized(.sequence([
        field("base", .ref("GeneralName")),
        implicit(0, "minimum", .integer([:])),
        implicit(1, "maximum", .integer([:])),
    ]), .child("base")))

    /// RFC 5280 (certificates, CRLs, names, extensions), RFC 5652 (EnvelopedData), RFC 2986 (PKCS#10).
    static let pkixTypes: [SchemaName: ASN1Schema] = [
        "AlgorithmIdentifier": .summarized(.sequence([
            field("algorithm", .objectIdentifier), optional("parameters", .byOID(.algorithmParameters)),
        ]), .child("algorithm")),
        "Name": .summarized(.sequenceOf("RelativeDistinguishedName", .setOf("AttributeTypeAndValue", .ref("AttributeTypeAndValue"))), .directoryName),
        "AttributeTypeAndValue": .summarized(.sequence([
            field("type", .objectIdentifier), field("value", .byOID(.attributeValue)),
        ]), .child("value")),
        "GeneralName": .summarized(.choice([
            implicit(0, "otherName", .sequence([field("type-id", .objectIdentifier), explicit(0, "value", .any, optional: false)]), optional: false),
            implicit(1, "rfc822Name", .string, optional: false),
            implicit(2, "dNSName", .string, optional: false),
            implicit(3, "x400Address", .any, optional: false),
            explicit(4, "directoryName", .ref("Name"), optional: false),
            implicit(5, "ediPartyName", .any, optional: false),
            implicit(6, "uniformResourceIdentifier", .string, optional: false),
            implicit(7, "iPAddress", .octetString(.hex), optional: false),
            implicit(8, "registeredID", .objectIdentifier, optional: false),
        ]), .generalName),
        "Time": .time,
        "Certificate": .summarized(.sequence([
            field("tbsCertificate", .ref("TBSCertificate")),
            field("signatureAlgorithm", .ref("AlgorithmIdentifier")),
            field("signatureValue", .bitString([])),
        ]), .child("tbsCertificate.subject")),
        "TBSCertificate": .sequence([
            explicit(0, "version", .integer([0: "v1", 1: "v2", 2: "v3"])),
            field("serialNumber", .integer([:])),
            field("signature", .ref("AlgorithmIdentifier")),
            field("issuer", .ref("Name")),
            field("validity", .sequence([field("notBefore", .time), field("notAfter", .time)])),
            field("subject", .ref("Name")),
            field("subjectPublicKeyInfo", .ref("SubjectPublicKeyInfo")),
            implicit(1, "issuerUniqueID", .bitString([])),
            implicit(2, "subjectUniqueID", .bitString([])),
            explicit(3, "extensions", extensions),
        ]),
        "SubjectPublicKeyInfo": .summarized(.sequence([
            field("algorithm", .ref("AlgorithmIdentifier")), field("subjectPublicKey", .bitString([])),
        ]), .publicKey),
        "Extensions": .sequenceOf("Extension", .ref("Extension")),
        "Extension": .summarized(.sequence([
            field("extnID", .objectIdentifier), optional("critical", .boolean),
            field("extnValue", .octetString(.encapsulated(.byOID(.extensionValue)))),
        ]), .child("extnID")),
        "CertificateList": .sequence([
            field("tbsCertList", .sequence([
                optional("version", .integer([0: "v1", 1: "v2"])),
                field("signature", .ref("AlgorithmIdentifier")),
                field("issuer", .ref("Name")),
                field("thisUpdate", .time),
                optional("nextUpdate", .time),
                optional("revokedCertificates", .sequenceOf("revokedCertificate", .sequence([
                    field("userCertificate", .integer([:])), field("revocationDate", .time),
                    optional("crlEntryExtensions", extensions),
                ]))),
                explicit(0, "crlExtensions", extensions),
            ])),
            field("signatureAlgorithm", .ref("AlgorithmIdentifier")),
            field("signatureValue", .bitString([])),
        ]),
        "CertificationRequest": .sequence([
            field("certificationRequestInfo", .sequence([
                field("version", .integer([0: "v1"])),
                field("subject", .ref("Name")),
                field("subjectPKInfo", .ref("SubjectPublicKeyInfo")),
                implicit(0, "attributes", .setOf("Attribute", .sequence([
                    field("type", .objectIdentifier), field("values", .setOf("value", .byOID(.contentType))),
                ])), optional: false),
            ])),
            field("signatureAlgorithm", .ref("AlgorithmIdentifier")),
            field("signature", .bitString([])),
        ]),
        // RFC 5652 §6.1
        "EnvelopedData": .sequence([
            field("version", .integer([0: "v0", 1: "v1", 2: "v2", 3: "v3", 4: "v4"])),
            implicit(0, "originatorInfo", .any),
            field("recipientInfos", .setOf("RecipientInfo", .ref("RecipientInfo"))),
            field("encryptedContentInfo", .sequence([
                field("contentType", .objectIdentifier),
                field("contentEncryptionAlgorithm", .ref("AlgorithmIdentifier")),
                implicit(0, "encryptedContent", .octetString(.hex)),
            ])),
            implicit(1, "unprotectedAttrs", .any),
        ]),
        "RecipientInfo": .choice([
            field("ktri", .sequence([
                field("version", .integer([:])),
                field("rid", .choice([field("issuerAndSerialNumber", .ref("IssuerAndSerialNumber")),
                                      implicit(0, "subjectKeyIdentifier", .octetString(.hex), optional: false)])),
                field("keyEncryptionAlgorithm", .ref("AlgorithmIdentifier")),
                field("encryptedKey", .octetString(.hex)),
            ])),
            implicit(1, "kari", .sequence([
                field("version", .integer([:])),
                explicit(0, "originator", .any, optional: false),
                explicit(1, "ukm", .octetString(.hex)),
                field("keyEncryptionAlgorithm", .ref("AlgorithmIdentifier")),
                field("recipientEncryptedKeys", .sequenceOf("RecipientEncryptedKey", .sequence([
                    field("rid", .any), field("encryptedKey", .octetString(.hex)),
                ]))),
            ]), optional: false),
            implicit(2, "kekri", .sequence([
                field("version", .integer([:])), field("kekid", .any),
                field("keyEncryptionAlgorithm", .ref("AlgorithmIdentifier")), field("encryptedKey", .octetString(.hex)),
            ]), optional: false),
            implicit(3, "pwri", .sequence([
                field("version", .integer([:])),
                implicit(0, "keyDerivationAlgorithm", .ref("AlgorithmIdentifier")),
                field("keyEncryptionAlgorithm", .ref("AlgorithmIdentifier")),
                field("encryptedKey", .octetString(.hex)),
            ]), optional: false),
            implicit(4, "ori", .sequence([field("oriType", .objectIdentifier), field("oriValue", .any)]), optional: false),
        ]),
        "IssuerAndSerialNumber": .sequence([field("issuer", .ref("Name")), field("serialNumber", .integer([:]))]),
        "DistributionPointName": .choice([
            implicit(0, "fullName", generalNames, optional: false),
            implicit(1, "nameRelativeToCRLIssuer", .setOf("AttributeTypeAndValue", .ref("AttributeTypeAndValue")), optional: false),
        ]),
    ]

    static let keyUsageBits = [
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
        "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
    ]

    /// Certificate and CRL extensions by extnID (RFC 5280 §4.2, §5.2, §5.3).
    static let extensionValues: [String: ASN1Schema] = [
        "2.5.29.14": .octetString(.hex),
        "2.5.29.15": .bitString(keyUsageBits),
        "2.5.29.17": generalNames,
        "2.5.29.18": generalNames,
        "2.5.29.19": .sequence([optional("cA", .boolean), optional("pathLenConstraint", .integer([:]))]),
        "2.5.29.20": .integer([:]),
        "2.5.29.21": .enumerated([0: "unspecified", 1: "keyCompromise", 2: "cACompromise", 3: "affiliationChanged",
                                  4: "superseded", 5: "cessationOfOperation", 6: "certificateHold", 8: "removeFromCRL",
                                  9: "privilegeWithdrawn", 10: "aACompromise"]),
        "2.5.29.24": .time,
        "2.5.29.35": .sequence([
            implicit(0, "keyIdentifier", .octetString(.hex)),
            implicit(1, "authorityCertIssuer", generalNames),
            implicit(2, "authorityCertSerialNumber", .integer([:])),
        ]),
        "2.5.29.37": .sequenceOf("KeyPurposeId", .objectIdentifier),
        // NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] … }
        "2.5.29.30": .sequence([
            implicit(0, "permittedSubtrees", generalSubtrees),
            implicit(1, "excludedSubtrees", generalSubtrees),
        ]),
        "2.5.29.31": .sequenceOf("DistributionPoint", .sequence([
            explicit(0, "distributionPoint", .ref("DistributionPointName")),
            implicit(1, "reasons", .bitString(["unused", "keyCompromise", "cACompromise", "affiliationChanged",
                                               "superseded", "cessationOfOperation", "certificateHold",
                                               "privilegeWithdrawn", "aACompromise"])),
            implicit(2, "cRLIssuer", generalNames),
        ])),
        "2.5.29.32": .sequenceOf("PolicyInformation", .sequence([
            field("policyIdentifier", .objectIdentifier),
            optional("policyQualifiers", .sequenceOf("PolicyQualifierInfo", .sequence([
                field("policyQualifierId", .objectIdentifier), field("qualifier", .any),
            ]))),
        ])),
        "1.3.6.1.5.5.7.1.1": .sequenceOf("AccessDescription", .sequence([
            field("accessMethod", .objectIdentifier), field("accessLocation", .ref("GeneralName")),
        ])),
        "2.5.29.28": .sequence([
            explicit(0, "distributionPoint", .ref("DistributionPointName")),
            implicit(1, "onlyContainsUserCerts", .boolean), implicit(2, "onlyContainsCACerts", .boolean),
            implicit(3, "onlySomeReasons", .bitString([])), implicit(4, "indirectCRL", .boolean),
            implicit(5, "onlyContainsAttributeCerts", .boolean),
        ]),
    ]

    /// AlgorithmIdentifier parameters by algorithm (RFC 9810 §5.1.3, RFC 8018, RFC 5480, RFC 4055).
    static let algorithmParameters: [String: ASN1Schema] = [
        "1.2.840.113533.7.66.13": .ref("PBMParameter"),
        "1.2.840.113533.7.66.30": .ref("DHBMParameter"),
        "1.2.840.113533.7.66.16": .ref("KemBMParameter"),
        "1.2.840.113549.1.5.14": .ref("PBMAC1-params"),
        "1.2.840.113549.1.5.12": .ref("PBKDF2-params"),
        "1.2.840.10045.2.1": .choice([field("namedCurve", .objectIdentifier), field("implicitCurve", .null),
                                      field("specifiedCurve", .any)]),
        "1.2.840.113549.1.1.10": .sequence([
            explicit(0, "hashAlgorithm", .ref("AlgorithmIdentifier")),
            explicit(1, "maskGenAlgorithm", .ref("AlgorithmIdentifier")),
            explicit(2, "saltLength", .integer([:])),
            explicit(3, "trailerField", .integer([:])),
        ]),
        "1.2.840.113549.1.1.8": .ref("AlgorithmIdentifier"),
        "1.2.840.113549.1.1.1": .null,
        "1.2.840.113549.1.1.11": .null,
        "1.2.840.113549.1.1.12": .null,
        "1.2.840.113549.1.1.13": .null,
        "1.2.840.113549.1.1.5": .null,
    ]

    /// PKCS#9 attribute values in a CertificationRequest (extensionRequest, challengePassword).
    static let contentTypes: [String: ASN1Schema] = [
        "1.2.840.113549.1.9.14": extensions,
        "1.2.840.113549.1.9.7": .string,
    ]
}
