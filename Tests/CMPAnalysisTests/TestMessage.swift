import CMPAnalysis
import CMPCore
import CMPMessages
import CMPTestSupport
import Foundation

/// A minimal DER writer for crafted messages: each test shows the structure it feeds the rules.
enum DER {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag] + length(content.count) + content }

    static func length(_ count: Int) -> [UInt8] { DERWriter.length(count) }

    static func sequence(_ parts: [UInt8]...) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }
    static func sequence(of parts: [[UInt8]]) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }
    static func integer(_ value: Int) -> [UInt8] { DERWriter.integer(value) }
    static func octets(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }
    static func explicit(_ number: UInt8, _ inner: [UInt8]) -> [UInt8] { tlv(0xA0 | number, inner) }
    static let null: [UInt8] = [0x05, 0x00]
    static func bitString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x03, [0] + bytes) }
    static func generalizedTime(_ text: String) -> [UInt8] { tlv(0x18, Array(text.utf8)) }

    static func oid(_ dotted: String) -> [UInt8] { DERWriter.oid(dotted) }

    static func algorithm(_ oid: String, _ parameters: [UInt8]? = nil) -> [UInt8] {
        sequence(self.oid(oid), parameters ?? [])
    }

    /// directoryName [4] with one CN.
    static func directoryName(_ cn: String) -> [UInt8] {
        explicit(4, tlv(0x30, tlv(0x31, sequence(oid("2.5.4.3"), tlv(0x0C, Array(cn.utf8))))))
    }

    static func statusInfo(_ status: Int) -> [UInt8] { sequence(integer(status)) }

    /// InfoTypeAndValue.
    static func itav(_ oid: String, _ value: [UInt8]?) -> [UInt8] { sequence(self.oid(oid), value ?? []) }

    /// PBMParameter (RFC 9810 §5.1.3.1).
    static func pbmParameter(salt: [UInt8], owf: String = "2.16.840.1.101.3.4.2.1", iterations: Int,
                             mac: String = "1.3.6.1.5.5.8.1.2") -> [UInt8] {
        sequence(octets(salt), algorithm(owf), integer(iterations), algorithm(mac))
    }
}

/// A PKIMessage assembled from its parts (RFC 9810 §5.1): defaults make a clean, MAC-protected
/// message; a test changes the part its rule is about.
struct TestMessage {
    var pvno = 2
    var sender = DER.directoryName("client")
    var recipient = DER.directoryName("CA")
    var messageTime: [UInt8]? = DER.generalizedTime("20261201120000Z")
    var protectionAlg: [UInt8]? = DER.algorithm("1.2.840.113533.7.66.13",
                                                DER.pbmParameter(salt: Array(repeating: 7, count: 16), iterations: 1000))
    var senderKID: [UInt8]? = Array("client-ref".utf8)
    var transactionID: [UInt8]? = Array(repeating: 0x11, count: 16)
    var senderNonce: [UInt8]? = Array(repeating: 0x21, count: 16)
    var recipNonce: [UInt8]?
    var generalInfo: [[UInt8]] = []
    /// The body as its [n] TLV.
    var body: [UInt8] = TestMessage.ir()
    /// nil: no protection field; otherwise the BIT STRING's bytes.
    var protection: [UInt8]? = Array(repeating: 0xAB, count: 20)
    var extraCerts: [[UInt8]] = []

    var header: [UInt8] {
        var parts = DER.integer(pvno) + sender + recipient
        if let messageTime { parts += DER.explicit(0, messageTime) }
        if let protectionAlg { parts += DER.explicit(1, protectionAlg) }
        if let senderKID { parts += DER.explicit(2, DER.octets(senderKID)) }
        if let transactionID { parts += DER.explicit(4, DER.octets(transactionID)) }
        if let senderNonce { parts += DER.explicit(5, DER.octets(senderNonce)) }
        if let recipNonce { parts += DER.explicit(6, DER.octets(recipNonce)) }
        if !generalInfo.isEmpty { parts += DER.explicit(8, DER.sequence(of: generalInfo)) }
        return DER.tlv(0x30, parts)
    }

    var protectedPart: [UInt8] { DER.tlv(0x30, header + body) }

    var der: [UInt8] {
        var parts = header + body
        if let protection { parts += DER.explicit(0, DER.bitString(protection)) }
        if !extraCerts.isEmpty { parts += DER.explicit(1, DER.sequence(of: extraCerts)) }
        return DER.tlv(0x30, parts)
    }

    // MARK: - Bodies

    static func body(_ type: PKIBodyType, _ content: [UInt8]) -> [UInt8] { DER.tlv(0xA0 | UInt8(type.rawValue), content) }

    /// ir/cr/kur with one CertReqMsg { certReq { certReqId, certTemplate {} } }.
    static func ir(_ type: PKIBodyType = .ir, certReqId: Int = 0) -> [UInt8] {
        body(type, DER.sequence(DER.sequence(DER.sequence(DER.integer(certReqId), DER.sequence()))))
    }

    /// ip/cp/kup with one CertResponse; `certificate` in certifiedKeyPair.certOrEncCert [0].
    static func certRep(_ type: PKIBodyType = .ip, status: Int = 0, certReqId: Int = 0, certificate: [UInt8]? = nil,
                        caPubs: [UInt8]? = nil) -> [UInt8] {
        var response = DER.integer(certReqId) + DER.statusInfo(status)
        if let certificate { response += DER.sequence(DER.explicit(0, certificate)) }
        var content = [UInt8]()
        if let caPubs { content += DER.explicit(1, DER.sequence(caPubs)) }
        content += DER.sequence(DER.sequence(of: [response]))
        return body(type, DER.tlv(0x30, content))
    }

    static func certConf(hash: [UInt8], certReqId: Int = 0, hashAlg: String? = nil) -> [UInt8] {
        var status = DER.octets(hash) + DER.integer(certReqId)
        if let hashAlg { status += DER.explicit(0, DER.algorithm(hashAlg)) }
        return body(.certConf, DER.sequence(DER.tlv(0x30, status)))
    }

    static let pkiconf = body(.pkiconf, DER.null)
    static func error(status: Int = 2) -> [UInt8] { body(.error, DER.sequence(DER.statusInfo(status))) }
    static func pollReq(certReqId: Int = 0) -> [UInt8] { body(.pollReq, DER.sequence(DER.sequence(DER.integer(certReqId)))) }
    static func pollRep(certReqId: Int = 0, checkAfter: Int) -> [UInt8] {
        body(.pollRep, DER.sequence(DER.sequence(DER.integer(certReqId), DER.integer(checkAfter))))
    }
    static let genm = body(.genm, DER.sequence())
    static let genp = body(.genp, DER.sequence())
    static func rp(status: Int = 0) -> [UInt8] { body(.rp, DER.sequence(DER.sequence(DER.statusInfo(status)))) }

    /// The answer to `request`: the same transactionID, its senderNonce as recipNonce, roles swapped.
    func answer(_ body: [UInt8], nonce: UInt8) -> TestMessage {
        var message = self
        message.body = body
        swap(&message.sender, &message.recipient)
        message.recipNonce = senderNonce
        message.senderNonce = Array(repeating: nonce, count: 16)
        message.generalInfo = []
        return message
    }
}

/// Runs messages through the summary decoder and the analyzer, as the pipeline does.
struct AnalysisHarness {
    var analyzer: CMPAnalyzer
    var index = 0

    init(options: AnalysisOptions = AnalysisOptions()) {
        analyzer = CMPAnalyzer(options: options)
    }

    mutating func run(_ der: [UInt8], http: HTTPInfo? = nil, direction: Direction? = nil,
                      connection: Int? = 0) -> DissectedMessage {
        index += 1
        let decoded = CMPSummaryDecoder().decode(der)
        let transport: TransportInfo = http.map { .http($0) } ?? .file
        let envelope = CMPEnvelope(transport: transport, direction: direction,
                                   frames: [FrameRef(number: index, timestamp: Timestamp(seconds: Int64(index), nanoseconds: 0))],
                                   streamOffset: 0, pkiMessage: der, connectionIndex: connection)
        var message = DissectedMessage(index: index, envelope: envelope, summary: decoded.summary, findings: decoded.findings)
        analyzer.analyze(&message)
        return message
    }

    mutating func run(_ message: TestMessage, http: HTTPInfo? = nil, direction: Direction? = nil) -> DissectedMessage {
        run(message.der, http: http, direction: direction)
    }

    /// The codes one message raised.
    mutating func codes(_ message: TestMessage, http: HTTPInfo? = nil) -> Set<String> {
        Set(run(message, http: http).findings.map(\.code.rawValue))
    }
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func message(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent("Fixtures/messages/\(name).der")))
    }
}
