/// The PKIBody CHOICE alternative, by its context tag number (RFC 9810 §5.1.2), open for unknown tags.
public struct PKIBodyType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let ir = Self(rawValue: 0)
    public static let ip = Self(rawValue: 1)
    public static let cr = Self(rawValue: 2)
    public static let cp = Self(rawValue: 3)
    public static let p10cr = Self(rawValue: 4)
    public static let popdecc = Self(rawValue: 5)
    public static let popdecr = Self(rawValue: 6)
    public static let kur = Self(rawValue: 7)
    public static let kup = Self(rawValue: 8)
    public static let krr = Self(rawValue: 9)
    public static let krp = Self(rawValue: 10)
    public static let rr = Self(rawValue: 11)
    public static let rp = Self(rawValue: 12)
    public static let ccr = Self(rawValue: 13)
    public static let ccp = Self(rawValue: 14)
    public static let ckuann = Self(rawValue: 15)
    public static let cann = Self(rawValue: 16)
    public static let rann = Self(rawValue: 17)
    public static let crlann = Self(rawValue: 18)
    public static let pkiconf = Self(rawValue: 19)
    public static let nested = Self(rawValue: 20)
    public static let genm = Self(rawValue: 21)
    public static let genp = Self(rawValue: 22)
    public static let error = Self(rawValue: 23)
    public static let certConf = Self(rawValue: 24)
    public static let pollReq = Self(rawValue: 25)
    public static let pollRep = Self(rawValue: 26)

    public static let names = [
        "ir", "ip", "cr", "cp", "p10cr", "popdecc", "popdecr", "kur", "kup", "krr", "krp", "rr", "rp",
        "ccr", "ccp", "ckuann", "cann", "rann", "crlann", "pkiconf", "nested", "genm", "genp", "error",
        "certConf", "pollReq", "pollRep",
    ]

    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.rawValue = index
    }

    public var isKnown: Bool { rawValue >= 0 && rawValue < Self.names.count }

    /// The ASN.1 name, or `unknown-N` for a tag outside RFC 9810.
    public var name: String { isKnown ? Self.names[rawValue] : "unknown-\(rawValue)" }
    public var description: String { name }

    /// Bodies that answer a request and carry PKIStatusInfo for it.
    public var isResponse: Bool {
        [.ip, .cp, .kup, .krp, .rp, .ccp, .genp, .error, .pollRep, .pkiconf].contains(self)
    }
}

/// PKIStatus (RFC 9810 §5.2.3), open so that an unknown value prints as `unknown (9)`.
public struct PKIStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let accepted = Self(rawValue: 0)
    public static let grantedWithMods = Self(rawValue: 1)
    public static let rejection = Self(rawValue: 2)
    public static let waiting = Self(rawValue: 3)
    public static let revocationWarning = Self(rawValue: 4)
    public static let revocationNotification = Self(rawValue: 5)
    public static let keyUpdateWarning = Self(rawValue: 6)

    public static let names = [
        "accepted", "grantedWithMods", "rejection", "waiting", "revocationWarning",
        "revocationNotification", "keyUpdateWarning",
    ]

    public var name: String {
        rawValue >= 0 && rawValue < Self.names.count ? Self.names[rawValue] : "unknown (\(rawValue))"
    }
    public var description: String { name }
}

/// PKIFailureInfo bit numbers (RFC 9810 §5.2.3), open for bits beyond the RFC.
public struct PKIFailureInfoBit: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let names = [
        "badAlg", "badMessageCheck", "badRequest", "badTime", "badCertId", "badDataFormat",
        "wrongAuthority", "incorrectData", "missingTimeStamp", "badPOP", "certRevoked", "certConfirmed",
        "wrongIntegrity", "badRecipientNonce", "timeNotAvailable", "unacceptedPolicy",
        "unacceptedExtension", "addInfoNotAvailable", "badSenderNonce", "badCertTemplate",
        "signerNotTrusted", "transactionIdInUse", "unsupportedVersion", "notAuthorized",
        "systemUnavail", "systemFailure", "duplicateCertReq",
    ]

    public var name: String {
        rawValue >= 0 && rawValue < Self.names.count ? Self.names[rawValue] : "unknown (\(rawValue))"
    }
    public var description: String { name }
}
