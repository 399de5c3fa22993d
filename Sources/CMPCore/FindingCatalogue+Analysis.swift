/// The codes of the annotated tree's encoding checks and of CMPAnalysis (per-message lints,
/// transactions, protection), with the sources they come from
/// (`reference/cmp-wire-and-oddities.md` §3 and §4).
extension FindingCode {
    // Encoding (emitted by the annotated tree builder)
    public static let asn1BERIndefiniteLength = FindingCode("asn1.ber.indefinite-length")
    public static let asn1BERNonMinimalLength = FindingCode("asn1.ber.non-minimal-length")
    public static let asn1BERConstructedString = FindingCode("asn1.ber.constructed-string")
    /// The tag number is right but the tagging form is not: an EXPLICIT wrapper where the module's
    /// IMPLICIT tag is due (raVerified as `A0 02 05 00` instead of CRMF's `80 00`), or the reverse.
    public static let asn1WrongTagging = FindingCode("asn1.wrong-tagging")
    /// The annotated tree stopped at its element limit (the memory bound of `-V`).
    public static let treeLimit = FindingCode("tree.limit")
    // Transport rules that need the body type
    public static let httpURINotWellKnown = FindingCode("http.uri.not-well-known")
    public static let httpURIOperationMismatch = FindingCode("http.uri.operation-mismatch")
    public static let httpURIEJBCA = FindingCode("http.uri.ejbca")
    // Header
    public static let pvnoCMP1999 = FindingCode("cmp.pvno.cmp1999")
    public static let pvnoUnknown = FindingCode("cmp.pvno.unknown")
    public static let pvnoV3WithoutV3Features = FindingCode("cmp.pvno.v3-without-v3-features")
    public static let pvnoV2WithV3Features = FindingCode("cmp.pvno.v2-with-v3-features")
    public static let transactionIDMissing = FindingCode("cmp.header.transaction-id.missing")
    public static let transactionIDLength = FindingCode("cmp.header.transaction-id.length")
    public static let senderNonceMissing = FindingCode("cmp.header.sender-nonce.missing")
    public static let senderNonceLength = FindingCode("cmp.header.sender-nonce.length")
    public static let recipNonceInFirstMessage = FindingCode("cmp.header.recip-nonce.in-first-message")
    public static let nameEmpty = FindingCode("cmp.header.name.empty")
    public static let senderNotDirectoryName = FindingCode("cmp.header.sender.not-directory-name")
    public static let messageTimeNotUTC = FindingCode("cmp.header.message-time.not-utc")
    public static let implicitConfirmNotNull = FindingCode("cmp.header.implicit-confirm.not-null")
    public static let confirmWaitTimeWithImplicitConfirm = FindingCode("cmp.header.confirm-wait-time.with-implicit-confirm")
    public static let senderKIDEmpty = FindingCode("cmp.header.sender-kid.empty")
    public static let cryptlibInfoType = FindingCode("cmp.header.general-info.cryptlib")
    // Protection
    public static let protectionMissingOnNegative = FindingCode("cmp.protection.missing-on-negative")
    public static let protectionMissing = FindingCode("cmp.protection.missing")
    public static let protectionAlgWithoutProtection = FindingCode("cmp.protection.alg-without-protection")
    public static let protectionWithoutAlg = FindingCode("cmp.protection.protection-without-alg")
    public static let pbmIterationsHigh = FindingCode("cmp.protection.pbm.iterations-high")
    public static let pbmIterationsLow = FindingCode("cmp.protection.pbm.iterations-low")
    public static let pbmWeakOWF = FindingCode("cmp.protection.pbm.weak-owf")
    public static let pbmParamsNull = FindingCode("cmp.protection.pbm.params-null")
    public static let pbmac1PBES2OID = FindingCode("cmp.protection.pbmac1.pbes2-oid")
    public static let pbmac1PRFMACMismatch = FindingCode("cmp.protection.pbmac1.prf-mac-mismatch")
    public static let signerSenderMismatch = FindingCode("cmp.protection.signer.sender-mismatch")
    public static let signerRDNOrderReversed = FindingCode("cmp.protection.signer.rdn-order-reversed")
    public static let signerNoDigitalSignature = FindingCode("cmp.protection.signer.no-digital-signature")
    public static let signerUntrusted = FindingCode("cmp.protection.signer.untrusted")
    public static let extraCertsSignerNotFirst = FindingCode("cmp.protection.extra-certs.signer-not-first")
    public static let protectionKindChanged = FindingCode("cmp.protection.kind-changed")
    public static let protectionValid = FindingCode("cmp.protection.valid")
    public static let protectionInvalid = FindingCode("cmp.protection.invalid")
    public static let protectionNotVerified = FindingCode("cmp.protection.not-verified")
    // Body
    public static let caPubsUnexpected = FindingCode("cmp.body.ca-pubs.unexpected")
    public static let certReqIdUnexpected = FindingCode("cmp.body.cert-req-id.unexpected")
    public static let failInfoUnknownBit = FindingCode("cmp.body.fail-info.unknown-bit")
    public static let checkAfterNonpositive = FindingCode("cmp.poll.check-after.nonpositive")
    public static let checkAfterLarge = FindingCode("cmp.poll.check-after.large")
    public static let certReqMsgsMultiple = FindingCode("cmp.body.cert-req-msgs.multiple")
    // Transaction
    public static let txTransactionIDMismatch = FindingCode("cmp.tx.transaction-id.mismatch")
    public static let txRecipNonceMismatch = FindingCode("cmp.tx.recip-nonce.mismatch")
    public static let txSenderNonceReused = FindingCode("cmp.tx.sender-nonce.reused")
    public static let txResponseTypeMismatch = FindingCode("cmp.tx.response-type.mismatch")
    public static let txImplicitConfirmUnrequested = FindingCode("cmp.tx.implicit-confirm.unrequested")
    public static let txCertConfMissing = FindingCode("cmp.tx.cert-conf.missing")
    public static let txCertConfHashMismatch = FindingCode("cmp.tx.cert-conf.hash-mismatch")
    public static let txIncomplete = FindingCode("cmp.tx.incomplete")
    public static let txPolling = FindingCode("cmp.tx.polling")
    public static let txSenderRecipientMismatch = FindingCode("cmp.tx.sender-recipient.mismatch")
    public static let txPvnoMismatch = FindingCode("cmp.tx.pvno.mismatch")
}

extension FindingCatalogue {
    static let encodingEntries: [FindingDescriptor] = [
        .init(code: .asn1BERIndefiniteLength, severity: .warning, group: "encoding",
              summary: "indefinite length (BER): protection is computed over DER, so it cannot verify",
              reference: "RFC 9811 §3.1; X.690 §10.1"),
        .init(code: .asn1BERNonMinimalLength, severity: .warning, group: "encoding",
              summary: "a length in more octets than needed (BER, not DER)",
              reference: "RFC 9811 §3.1; X.690 §10.1"),
        .init(code: .asn1BERConstructedString, severity: .warning, group: "encoding",
              summary: "a constructed OCTET STRING or BIT STRING (BER, not DER)",
              reference: "RFC 9811 §3.1; X.690 §10.2"),
        .init(code: .asn1WrongTagging, severity: .warning, group: "encoding",
              summary: "the right tag number in the wrong tagging form (explicit where the module is implicit, or the reverse)",
              reference: "RFC 4211 Appendix B; RFC 9810 Appendix F"),
        .init(code: .treeLimit, severity: .warning, group: "encoding",
              summary: "the -V tree stopped at its element limit; the rest of the message is not shown",
              reference: "Limits (TreeWalker element bound)"),
    ]

    static let analysisEntries: [FindingDescriptor] = [
        .init(code: .httpURINotWellKnown, severity: .note, group: "transport",
              summary: "request URI outside /.well-known/cmp (servers MUST support that prefix; EJBCA uses /ejbca/publicweb/cmp/<alias>)",
              reference: "RFC 9811 §3.4"),
        .init(code: .httpURIOperationMismatch, severity: .warning, group: "transport",
              summary: "the /.well-known/cmp operation label does not match the body type",
              reference: "RFC 9811 §3.4; IANA CMP Well-Known URI Path Segments"),
        .init(code: .httpURIEJBCA, severity: .chat, group: "transport",
              summary: "request URI /ejbca/publicweb/cmp/<alias>: an EJBCA CMP alias",
              reference: "EJBCA docs \"CMP\" (docs.keyfactor.com/ejbca/latest/cmp)"),
        .init(code: .pvnoCMP1999, severity: .warning, group: "header",
              summary: "pvno cmp1999 (1): RFC 2510 syntax; a client that sent a higher version MUST abort (3GPP vendor CA error replies)",
              reference: "RFC 9810 §7.1; mpeylo/cmpossl#220"),
        .init(code: .pvnoUnknown, severity: .error, group: "header",
              summary: "pvno outside cmp1999..cmp2021",
              reference: "RFC 9810 §5.1.1, §7"),
        .init(code: .pvnoV3WithoutV3Features, severity: .note, group: "header",
              summary: "pvno cmp2021 (3) without any construct that needs it (SHOULD only be used if needed)",
              reference: "RFC 9810 §7"),
        .init(code: .pvnoV2WithV3Features, severity: .warning, group: "header",
              summary: "pvno cmp2000 (2) with a cmp2021 construct (CertStatus.hashAlg, EnvelopedData, RootCaKeyUpdateContent)",
              reference: "RFC 9810 §5.3.18, §7"),
        .init(code: .transactionIDMissing, severity: .warning, group: "header",
              summary: "no transactionID: messages cannot be tied to a transaction",
              reference: "RFC 9810 §5.1.1; RFC 9483 §3.1 (REQUIRED)"),
        .init(code: .transactionIDLength, severity: .warning, group: "header",
              summary: "transactionID not 128 bits (EJBCA documentation samples use 5 ASCII bytes)",
              reference: "RFC 9483 §3.1; EJBCA CMP Client Support"),
        .init(code: .senderNonceMissing, severity: .warning, group: "header",
              summary: "no senderNonce (cryptlib's minimal header relies on the transactionID alone)",
              reference: "RFC 9810 §5.1.1; RFC 9483 §3.1; cryptlib session/cmp_wr.c"),
        .init(code: .senderNonceLength, severity: .warning, group: "header",
              summary: "senderNonce not 128 bits",
              reference: "RFC 9483 §3.1"),
        .init(code: .recipNonceInFirstMessage, severity: .warning, group: "header",
              summary: "recipNonce in the first message of a transaction",
              reference: "RFC 9810 §5.1.1; RFC 9483 §3.1"),
        .init(code: .nameEmpty, severity: .note, group: "header",
              summary: "sender or recipient written as an empty [4] (A4 00), not the NULL-DN A4 02 30 00 (cryptlib)",
              reference: "cryptlib session/cmp_wr.c"),
        .init(code: .senderNotDirectoryName, severity: .note, group: "header",
              summary: "sender is not a directoryName (OpenSSL rejects such messages)",
              reference: "RFC 9483 §3.1; OpenSSL crypto/cmp/cmp_vfy.c"),
        .init(code: .messageTimeNotUTC, severity: .warning, group: "header",
              summary: "messageTime is not YYYYMMDDHHMMSSZ (UTC, no fractional seconds)",
              reference: "RFC 9810 §5.2.9; RFC 5280 §4.1.2.5.2"),
        .init(code: .implicitConfirmNotNull, severity: .warning, group: "header",
              summary: "implicitConfirm with a value other than NULL",
              reference: "RFC 9810 §5.1.1.1"),
        .init(code: .confirmWaitTimeWithImplicitConfirm, severity: .warning, group: "header",
              summary: "confirmWaitTime together with implicitConfirm",
              reference: "RFC 9810 §5.1.1.2; RFC 9483 §3.1"),
        .init(code: .senderKIDEmpty, severity: .note, group: "header",
              summary: "zero-length senderKID (the workaround for EJBCA answering MAC requests with signatures)",
              reference: "Keyfactor/ejbca-ce#871"),
        .init(code: .cryptlibInfoType, severity: .chat, group: "header",
              summary: "cryptlib private generalInfo (1.3.6.1.4.1.3029.3.1.x): a cryptlib peer",
              reference: "cryptlib session/cmp_wr.c"),
        .init(code: .protectionMissingOnNegative, severity: .warning, group: "protection",
              summary: "error, rejection or pkiconf without protection: the most common server deviation (EJBCA, Insta)",
              reference: "RFC 9810 §5.3.21; RFC 9483 §3.6; OpenSSL -unprotected_errors"),
        .init(code: .protectionMissing, severity: .warning, group: "protection",
              summary: "message without protection",
              reference: "RFC 9810 §5.1.3; RFC 9483 §3.2"),
        .init(code: .protectionAlgWithoutProtection, severity: .error, group: "protection",
              summary: "protectionAlg in the header but no protection",
              reference: "RFC 9810 §5.1.1"),
        .init(code: .protectionWithoutAlg, severity: .error, group: "protection",
              summary: "protection without protectionAlg in the header",
              reference: "RFC 9810 §5.1.1"),
        .init(code: .pbmIterationsHigh, severity: .warning, group: "protection",
              summary: "PBM/PBKDF2 iterationCount above 10000 (cryptlib refuses it, Insta above 2047; a DoS risk)",
              reference: "RFC 9810 §5.1.3.1; cryptlib session/cmp_rd.c; openssl/openssl#29073"),
        .init(code: .pbmIterationsLow, severity: .note, group: "protection",
              summary: "PBM/PBKDF2 iterationCount below 1000 (OpenSSL and cryptlib default to 500)",
              reference: "RFC 9481 §6.1; OpenSSL crypto/cmp/cmp_ctx.c"),
        .init(code: .pbmWeakOWF, severity: .warning, group: "protection",
              summary: "PasswordBasedMac one-way function MD5 or SHA-1",
              reference: "RFC 9481 §6.1.1"),
        .init(code: .pbmParamsNull, severity: .note, group: "protection",
              summary: "PasswordBasedMac with NULL or absent parameters (cryptlib: \"same as before\"); cannot be verified alone",
              reference: "cryptlib session/cmp_wr.c writeMacInfo()"),
        .init(code: .pbmac1PBES2OID, severity: .warning, group: "protection",
              summary: "PBMAC1 keyDerivationFunc is id-PBES2 (1.2.840.113549.1.5.13), not id-PBKDF2 (Bouncy Castle)",
              reference: "RFC 8018 §7.1; bcgit/bc-java JcePBMac1CalculatorBuilder"),
        .init(code: .pbmac1PRFMACMismatch, severity: .note, group: "protection",
              summary: "PBMAC1 with a PRF hash other than the MAC's (Bouncy Castle before bc-java#2070 ignored the requested PRF)",
              reference: "bcgit/bc-java#2070; Keyfactor/ejbca-ce#871"),
        .init(code: .signerSenderMismatch, severity: .warning, group: "protection",
              summary: "header sender is not the subject of the signing certificate",
              reference: "RFC 9483 §3.1; RFC 9810 §5.1.1"),
        .init(code: .signerRDNOrderReversed, severity: .note, group: "protection",
              summary: "header sender holds the signer's subject RDNs in reverse order (EJBCA rp)",
              reference: "Keyfactor/ejbca-ce#445"),
        .init(code: .signerNoDigitalSignature, severity: .warning, group: "protection",
              summary: "the CMP signer certificate's keyUsage lacks digitalSignature (Insta, 3GPP operator CAs, Vault)",
              reference: "RFC 9483 §3.3; OpenSSL -ignore_keyusage; mpeylo/cmpossl#133"),
        .init(code: .signerUntrusted, severity: .warning, group: "protection",
              summary: "the signer's chain does not lead to a --trusted anchor",
              reference: "RFC 9810 §5.1.3.3; RFC 5280 §6"),
        .init(code: .extraCertsSignerNotFirst, severity: .warning, group: "protection",
              summary: "the protection certificate is in extraCerts but not first",
              reference: "RFC 9483 §3.3"),
        .init(code: .protectionKindChanged, severity: .note, group: "protection",
              summary: "MAC protection one way, signature the other (EJBCA when senderKID is missing)",
              reference: "Keyfactor/ejbca-ce#871; cryptlib session/cmp.h"),
        .init(code: .protectionValid, severity: .chat, group: "protection",
              summary: "protection verified",
              reference: "RFC 9810 §5.1.3"),
        .init(code: .protectionInvalid, severity: .error, group: "protection",
              summary: "protection does not verify (wrong secret or key, or altered message)",
              reference: "RFC 9810 §5.1.3"),
        .init(code: .protectionNotVerified, severity: .chat, group: "protection",
              summary: "protection not verified (no --secret, unsupported algorithm, or over the iteration limit)",
              reference: "RFC 9810 §5.1.3"),
        .init(code: .caPubsUnexpected, severity: .warning, group: "body",
              summary: "caPubs in cp or kup, or in a response without a certificate",
              reference: "RFC 9483 §4.1.1-4.1.3"),
        .init(code: .certReqIdUnexpected, severity: .warning, group: "body",
              summary: "certReqId not 0 in ir/cr/kur, not -1 answering p10cr, or not the request's",
              reference: "RFC 9483 §4.1; RFC 9810 §5.3.4"),
        .init(code: .failInfoUnknownBit, severity: .warning, group: "body",
              summary: "a PKIFailureInfo bit above duplicateCertReq (26)",
              reference: "RFC 9810 §5.2.3"),
        .init(code: .checkAfterNonpositive, severity: .warning, group: "body",
              summary: "pollRep checkAfter 0 (busy polling) or negative (OpenSSL rejects it)",
              reference: "RFC 9810 §5.3.22; OpenSSL crypto/cmp/cmp_client.c"),
        .init(code: .checkAfterLarge, severity: .note, group: "body",
              summary: "pollRep checkAfter over a day: perhaps an absolute time (RFC 2510 TCP-Messaging's timeToCheckBack) taken for seconds",
              reference: "RFC 9810 §5.3.22; RFC 2510 §5.2"),
        .init(code: .certReqMsgsMultiple, severity: .note, group: "body",
              summary: "more than one CertReqMsg in ir/cr/kur (RFC 9483 allows one; OpenSSL's mock server handles one)",
              reference: "RFC 9483 §4.1.1; OpenSSL crypto/cmp/cmp_server.c"),
        .init(code: .txTransactionIDMismatch, severity: .error, group: "transaction",
              summary: "the response does not echo the request's transactionID (Insta on unparsable requests)",
              reference: "RFC 9810 §5.1.1; mpeylo/cmpossl#246"),
        .init(code: .txRecipNonceMismatch, severity: .error, group: "transaction",
              summary: "recipNonce is not the peer's previous senderNonce",
              reference: "RFC 9810 §5.1.1; RFC 9483 §3.1"),
        .init(code: .txSenderNonceReused, severity: .warning, group: "transaction",
              summary: "a senderNonce seen earlier in the transaction",
              reference: "RFC 9810 §5.1.1; RFC 9483 §3.1"),
        .init(code: .txResponseTypeMismatch, severity: .error, group: "transaction",
              summary: "the response body type does not answer the request (ir→ip, cr/p10cr→cp, kur→kup, rr→rp, genm→genp, certConf→pkiconf, or error)",
              reference: "RFC 9810 §5.3; RFC 9483 §5.1"),
        .init(code: .txImplicitConfirmUnrequested, severity: .warning, group: "transaction",
              summary: "implicitConfirm granted but not requested",
              reference: "RFC 9810 §5.1.1.1"),
        .init(code: .txCertConfMissing, severity: .warning, group: "transaction",
              summary: "a certificate was issued without implicitConfirm and no certConf followed (OpenSSL -disable_confirm)",
              reference: "RFC 9810 §5.3.18; RFC 9483 §4.1.1"),
        .init(code: .txCertConfHashMismatch, severity: .error, group: "transaction",
              summary: "certConf certHash is not the hash of the certificate it confirms",
              reference: "RFC 9810 §5.3.18"),
        .init(code: .txIncomplete, severity: .note, group: "transaction",
              summary: "the transaction has no final answer in the capture",
              reference: "RFC 9810 §5.3"),
        .init(code: .txPolling, severity: .chat, group: "transaction",
              summary: "delayed delivery: the transaction polls",
              reference: "RFC 9810 §5.3.22; RFC 9483 §4.4"),
        .init(code: .txSenderRecipientMismatch, severity: .note, group: "transaction",
              summary: "the response's recipient is not the request's sender (Entrust answered under another DN)",
              reference: "RFC 9810 §5.1.1; cryptlib test/s_cmp.c"),
        .init(code: .txPvnoMismatch, severity: .warning, group: "transaction",
              summary: "the response's pvno differs from the request's (a server MUST answer with the received version it supports)",
              reference: "RFC 9810 §7"),
    ]
}
