import CMPCore
import SwiftASN1

/// ```
/// PKIBody ::= CHOICE {       -- message-specific body elements
///     ir       [0]  CertReqMessages,        --Initialization Request
///     ip       [1]  CertRepMessage,         --Initialization Response
///     cr       [2]  CertReqMessages,        --Certification Request
///     cp       [3]  CertRepMessage,         --Certification Response
///     p10cr    [4]  CertificationRequest,   --imported from [RFC2986]
///     popdecc  [5]  POPODecKeyChallContent, --pop Challenge
///     popdecr  [6]  POPODecKeyRespContent,  --pop Response
///     kur      [7]  CertReqMessages,        --Key Update Request
///     kup      [8]  CertRepMessage,         --Key Update Response
///     krr      [9]  CertReqMessages,        --Key Recovery Request
///     krp      [10] KeyRecRepContent,       --Key Recovery Response
///     rr       [11] RevReqContent,          --Revocation Request
///     rp       [12] RevRepContent,          --Revocation Response
///     ccr      [13] CertReqMessages,        --Cross-Cert. Request
///     ccp      [14] CertRepMessage,         --Cross-Cert. Response
///     ckuann   [15] CAKeyUpdContent,        --CA Key Update Ann.
///     cann     [16] CertAnnContent,         --Certificate Ann.
///     rann     [17] RevAnnContent,          --Revocation Ann.
///     crlann   [18] CRLAnnContent,          --CRL Announcement
///     pkiconf  [19] PKIConfirmContent,      --Confirmation
///     nested   [20] NestedMessageContent,   --Nested Message
///     genm     [21] GenMsgContent,          --General Message
///     genp     [22] GenRepContent,          --General Response
///     error    [23] ErrorMsgContent,        --Error Message
///     certConf [24] CertConfirmContent,     --Certificate confirm
///     pollReq  [25] PollReqContent,         --Polling request
///     pollRep  [26] PollRepContent          --Polling response
/// }
/// ```
/// (RFC 9810 §5.1.2, EXPLICIT tags). A tag outside [0]…[26] is kept as `.unknown` with its bytes
/// (finding `cmp.body.unknown`), not a parse failure. Contents the summary and protection checks do
/// not need field by field (p10cr, popdecc, rr, ckuann, crlann) stay raw; the tree shows them.
public struct PKIBody: DERParseable, Hashable, Sendable {
    public indirect enum Content: Hashable, Sendable {
        /// ir, cr, kur, krr, ccr.
        case certReqMessages(CertReqMessages)
        /// ip, cp, kup, ccp.
        case certRepMessage(CertRepMessage)
        /// p10cr: the PKCS#10 CertificationRequest (RFC 2986), raw.
        case certificationRequest(RawElement)
        /// popdecc: `POPODecKeyChallContent ::= SEQUENCE OF Challenge`, each raw.
        case challenges([RawElement])
        /// popdecr: `POPODecKeyRespContent ::= SEQUENCE OF INTEGER`.
        case challengeResponses([Located<Int>])
        case keyRecRep(KeyRecRepContent)
        /// rr: `RevReqContent ::= SEQUENCE OF RevDetails`, each raw.
        case revocationRequests([RawElement])
        case revRep(RevRepContent)
        /// ckuann: `CAKeyUpdContent` (RFC 4210's three certificates, or RFC 9810's `[0] RootCaKeyUpdateContent`), raw.
        case caKeyUpdate(RawElement)
        /// cann: `CertAnnContent ::= CMPCertificate`.
        case certificateAnnouncement(CMPCertificate)
        case revocationAnnouncement(RevAnnContent)
        /// crlann: `CRLAnnContent ::= SEQUENCE OF CertificateList`, each raw.
        case crls([RawElement])
        /// pkiconf: `PKIConfirmContent ::= NULL`.
        case confirm
        /// nested: `NestedMessageContent ::= PKIMessages`.
        case nested([PKIMessage])
        /// genm, genp: `SEQUENCE OF InfoTypeAndValue`.
        case infoTypeAndValues([InfoTypeAndValue])
        case error(ErrorMsgContent)
        /// certConf: `CertConfirmContent ::= SEQUENCE OF CertStatus`.
        case certConfirm([CertStatus])
        /// pollReq: `PollReqContent ::= SEQUENCE OF SEQUENCE { certReqId INTEGER }`.
        case pollRequests([Located<Int>])
        case pollReplies([PollRepEntry])
        /// A tag outside RFC 9810: its content, raw.
        case unknown(RawElement)
    }

    public var type: PKIBodyType
    public var content: Content
    /// The whole `[n]` element (what ProtectedPart covers after the header).
    public var range: ByteRange

    public init(derEncoded node: ASN1Node) throws {
        guard node.identifier.tagClass == .contextSpecific, node.identifier.tagNumber <= UInt(Int32.max) else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        type = PKIBodyType(rawValue: Int(node.identifier.tagNumber))
        range = node.byteRange
        let inner = try node.explicitChild()
        content = try Self.content(of: type, inner)
    }

    private static func content(of type: PKIBodyType, _ inner: ASN1Node) throws -> Content {
        switch type {
        case .ir, .cr, .kur, .krr, .ccr:
            return .certReqMessages(try CertReqMessages(derEncoded: inner))
        case .ip, .cp, .kup, .ccp:
            return .certRepMessage(try CertRepMessage(derEncoded: inner))
        case .p10cr:
            guard inner.identifier == .sequence else { throw ASN1Error.unexpectedFieldType(inner.identifier) }
            return .certificationRequest(try RawElement(derEncoded: inner))
        case .popdecc:
            return .challenges(try derSequenceOf(inner) { try RawElement(derEncoded: $0) })
        case .popdecr:
            return .challengeResponses(try derSequenceOf(inner) { Located(try Int(derEncoded: $0), range: $0.byteRange) })
        case .krp:
            return .keyRecRep(try KeyRecRepContent(derEncoded: inner))
        case .rr:
            return .revocationRequests(try derSequenceOf(inner) { try RawElement(derEncoded: $0) })
        case .rp:
            return .revRep(try RevRepContent(derEncoded: inner))
        case .ckuann:
            return .caKeyUpdate(try RawElement(derEncoded: inner))
        case .cann:
            return .certificateAnnouncement(try CMPCertificate(derEncoded: inner))
        case .rann:
            return .revocationAnnouncement(try RevAnnContent(derEncoded: inner))
        case .crlann:
            return .crls(try derSequenceOf(inner) { try RawElement(derEncoded: $0) })
        case .pkiconf:
            _ = try ASN1Null(derEncoded: inner)
            return .confirm
        case .nested:
            return .nested(try derSequenceOf(inner) { try PKIMessage(derEncoded: $0) })
        case .genm, .genp:
            return .infoTypeAndValues(try derSequenceOf(inner) { try InfoTypeAndValue(derEncoded: $0) })
        case .error:
            return .error(try ErrorMsgContent(derEncoded: inner))
        case .certConf:
            return .certConfirm(try derSequenceOf(inner) { try CertStatus(derEncoded: $0) })
        case .pollReq:
            return .pollRequests(try derSequenceOf(inner) { entry in
                try DER.sequence(entry, identifier: .sequence) { nodes in
                    let id = try nodes.required("certReqId")
                    return Located(try Int(derEncoded: id), range: id.byteRange)
                }
            })
        case .pollRep:
            return .pollReplies(try derSequenceOf(inner) { try PollRepEntry(derEncoded: $0) })
        default:
            return .unknown(try RawElement(derEncoded: inner))
        }
    }
}
