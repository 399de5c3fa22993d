import CMPCore
import CMPMessages
import SwiftASN1

/// What the rules and the verifier read from one PKIMessage beyond `CMPMessageSummary`: the header
/// and body bytes (for ProtectedPart), protection parameters, extraCerts, generalInfo values, and
/// the body parts transactions compare (issued certificates, certConf hashes, certReqIds).
///
/// Read with swift-asn1 from the DER. swift-asn1 accepts DER only, so a BER or damaged message gives
/// no facts at all: the rules then fall back to the summary, and protection is not verified (it is
/// computed over DER, RFC 9811 §3.1). Every range is relative to the PKIMessage.
///
/// A class, written only while `parse` builds it: the rules, the verifier and the tracker each take
/// it, and as a struct of a dozen arrays every hand-over copied and released them all (3% of a run).
final class MessageFacts: @unchecked Sendable {
    struct Algorithm {
        var oid: String
        var parameters: ASN1Node?
        var range: ByteRange
    }

    struct InfoTypeAndValue {
        var oid: String
        var value: ASN1Node?
        var range: ByteRange
    }

    /// CertResponse (RFC 9810 §5.3.4).
    struct CertResponse {
        var certReqId: Int?
        var status: Int?
        var range: ByteRange
        /// DER of `certifiedKeyPair.certOrEncCert.certificate`, when in the clear…
        var certificate: ArraySlice<UInt8>?
        /// …and its signatureAlgorithm, whose hash a certConf without hashAlg uses (RFC 9810 §5.3.18).
        var certificateSignatureOID: String?
    }

    /// CertStatus (RFC 9810 §5.3.18).
    struct CertStatus {
        var certHash: ArraySlice<UInt8>
        var certReqId: Int?
        var hashAlg: Algorithm?
        var range: ByteRange
    }

    var header: ArraySlice<UInt8>
    var body: ArraySlice<UInt8>
    var bodyTag: Int
    var sender: ASN1Node?
    var recipient: ASN1Node?
    var messageTime: ASN1Node?
    var protectionAlg: Algorithm?
    /// protectionAlg's PBMParameter, read once for the rules, the verifier and the analyzer's memory.
    var pbm: PBMParameter?
    var senderKID: ByteRange?
    var generalInfo: [InfoTypeAndValue] = []
    var protection: (bits: ArraySlice<UInt8>, range: ByteRange)?
    var extraCerts: [ArraySlice<UInt8>] = []
    var extraCertsRange: ByteRange?
    var requestCertReqIds: [(id: Int, range: ByteRange)] = []
    var responses: [CertResponse] = []
    var caPubs: ByteRange?
    var certStatuses: [CertStatus] = []
    var checkAfter: [(value: Int, range: ByteRange)] = []
    /// The first cmp2021-only construct found (RFC 9810 §7), named for the finding.
    var v3Feature: (name: String, range: ByteRange)?

    init(header: ArraySlice<UInt8>, body: ArraySlice<UInt8>, bodyTag: Int) {
        self.header = header
        self.body = body
        self.bodyTag = bodyTag
    }

    /// The DER of `ProtectedPart ::= SEQUENCE { header PKIHeader, body PKIBody }` (RFC 9810 §5.1.3):
    /// what MACs and signatures cover, rebuilt from the original header and body bytes.
    var protectedPart: [UInt8] { PKIMessage.protectedPart(header: header, body: body) }

    func implicitConfirm() -> InfoTypeAndValue? { generalInfo.first { $0.oid == OID.implicitConfirm } }
}

extension ByteRange {
    init(_ node: ASN1Node) {
        self.init(lowerBound: node.encodedBytes.startIndex, upperBound: node.encodedBytes.endIndex)
    }
}
