import CMPCore
import CMPMessages
import SwiftASN1

extension MessageFacts {
    /// Reads the facts of `der` (one PKIMessage, possibly followed by trailing bytes the summary
    /// already reported), or nil when it is not DER swift-asn1 accepts.
    /// `parsed` is the decoder's parse of the same bytes, when it has one (it is used only when it
    /// covers exactly `length` bytes from the start). `oids` remembers the OID texts across messages.
    static func parse(_ der: [UInt8], length: Int, parsed: ASN1Node? = nil, oids: OIDTextCache? = nil) -> MessageFacts? {
        guard length > 0, length <= der.count else { return nil }
        let root: ASN1Node
        if let parsed, parsed.encodedBytes.startIndex == 0, parsed.encodedBytes.endIndex == length {
            root = parsed
        } else {
            guard DERElementBudget.allows(der[0..<length]), let reparsed = try? DER.parse(der[0..<length]) else { return nil }
            root = reparsed
        }
        guard root.identifier == .sequence, var fields = ASN1Reader.elements(root)?.makeIterator(),
              let header = fields.next(), let body = fields.next(), header.identifier == .sequence,
              body.identifier.tagClass == .contextSpecific
        else { return nil }
        let facts = MessageFacts(header: header.encodedBytes, body: body.encodedBytes,
                                 bodyTag: Int(body.identifier.tagNumber))
        facts.readHeader(header, oids: oids)
        facts.readBody(body, oids: oids)
        while let field = fields.next() {
            guard field.identifier.tagClass == .contextSpecific else { continue }
            switch field.identifier.tagNumber {
            case 0:
                if let bits = ASN1Reader.firstChild(field), case .primitive(let content) = bits.content,
                   content.count >= 1 {
                    facts.protection = (content.dropFirst(), ByteRange(field))
                }
            case 1:
                facts.extraCertsRange = ByteRange(field)
                if let list = ASN1Reader.firstChild(field), let certificates = ASN1Reader.elements(list) {
                    facts.extraCerts = certificates.map(\.encodedBytes)
                }
            default:
                break
            }
        }
        return facts
    }

    /// PKIHeader (RFC 9810 §5.1.1): pvno, sender, recipient, then EXPLICIT [0]..[8].
    private func readHeader(_ header: ASN1Node, oids: OIDTextCache?) {
        guard var fields = ASN1Reader.elements(header)?.makeIterator() else { return }
        _ = fields.next()  // pvno
        sender = fields.next()
        recipient = fields.next()
        while let field = fields.next() {
            guard field.identifier.tagClass == .contextSpecific else { continue }
            let inner = ASN1Reader.firstChild(field)
            switch field.identifier.tagNumber {
            case 0: messageTime = inner
            case 1:
                protectionAlg = inner.flatMap { ASN1Reader.algorithm($0, oids: oids) }
                if let algorithm = protectionAlg, algorithm.oid == OID.passwordBasedMac,
                   let parameters = algorithm.parameters, parameters.identifier == .sequence {
                    pbm = PBMParameter(parameters, oids: oids)
                }
            case 2: senderKID = ByteRange(field)
            case 8:
                for entry in ASN1Reader.each(inner) {
                    var parts = ASN1Reader.each(entry).makeIterator()
                    guard let type = parts.next().flatMap({ ASN1Reader.oid($0, oids: oids) }) else { continue }
                    generalInfo.append(InfoTypeAndValue(oid: type, value: parts.next(), range: ByteRange(entry)))
                }
            default: break
            }
        }
    }

    private func readBody(_ body: ASN1Node, oids: OIDTextCache?) {
        guard let content = ASN1Reader.firstChild(body) else { return }
        switch PKIBodyType(rawValue: bodyTag) {
        case .ir, .cr, .kur, .krr, .ccr:
            // CertReqMsg ::= SEQUENCE { certReq CertRequest { certReqId INTEGER, … }, … }
            for message in ASN1Reader.each(content) {
                guard let request = ASN1Reader.firstChild(message),
                      let id = ASN1Reader.firstChild(request) else { continue }
                if let value = ASN1Reader.int(id) { requestCertReqIds.append((value, ByteRange(id))) }
            }
        case .ip, .cp, .kup, .ccp:
            readCertRepMessage(content, oids: oids)
        case .certConf:
            readCertConfirm(content, oids: oids)
        case .pollRep:
            for entry in ASN1Reader.each(content) {
                var parts = ASN1Reader.each(entry).makeIterator()
                _ = parts.next()  // certReqId
                if let node = parts.next(), let value = ASN1Reader.int(node) { checkAfter.append((value, ByteRange(node))) }
            }
        case .ckuann:
            if content.identifier.tagClass == .contextSpecific, content.identifier.tagNumber == 0 {
                v3Feature = ("RootCaKeyUpdateContent in ckuann", ByteRange(content))
            }
        default:
            break
        }
    }

    /// `CertRepMessage ::= SEQUENCE { caPubs [1] … OPTIONAL, response SEQUENCE OF CertResponse }`;
    /// `CertResponse ::= SEQUENCE { certReqId, status, certifiedKeyPair OPTIONAL, rspInfo OPTIONAL }`;
    /// `CertifiedKeyPair ::= SEQUENCE { certOrEncCert CertOrEncCert, privateKey [0] EncryptedKey OPTIONAL, … }`.
    private func readCertRepMessage(_ content: ASN1Node, oids: OIDTextCache?) {
        for field in ASN1Reader.each(content) {
            if field.identifier.tagClass == .contextSpecific, field.identifier.tagNumber == 1 {
                caPubs = ByteRange(field)
                continue
            }
            guard field.identifier == .sequence else { continue }
            for entry in ASN1Reader.each(field) {
                var parts = ASN1Reader.each(entry).makeIterator()
                var response = CertResponse(range: ByteRange(entry))
                if let id = parts.next() { response.certReqId = ASN1Reader.int(id) }
                if let statusInfo = parts.next(), let status = ASN1Reader.firstChild(statusInfo) { response.status = ASN1Reader.int(status) }
                if let keyPair = parts.next(), keyPair.identifier == .sequence {
                    var pair = ASN1Reader.each(keyPair).makeIterator()
                    if let choice = pair.next(), choice.identifier.tagClass == .contextSpecific {
                        let inner = ASN1Reader.firstChild(choice)
                        if choice.identifier.tagNumber == 0, let certificate = inner {
                            response.certificate = certificate.encodedBytes
                            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
                            if certificate.identifier == .sequence, var parts = ASN1Reader.elements(certificate)?.makeIterator() {
                                _ = parts.next()
                                response.certificateSignatureOID = parts.next().flatMap { ASN1Reader.algorithm($0, oids: oids) }?.oid
                            }
                        } else if choice.identifier.tagNumber == 1, let inner,
                                  inner.identifier.tagClass == .contextSpecific, inner.identifier.tagNumber == 0 {
                            noteV3("EnvelopedData in encryptedCert", inner)
                        }
                    }
                    for part in IteratorSequence(pair) where part.identifier.tagClass == .contextSpecific && part.identifier.tagNumber == 0 {
                        if let inner = ASN1Reader.firstChild(part), inner.identifier.tagClass == .contextSpecific {
                            noteV3("EnvelopedData in privateKey", inner)
                        }
                    }
                }
                responses.append(response)
            }
        }
    }

    /// `CertStatus ::= SEQUENCE { certHash OCTET STRING, certReqId INTEGER, statusInfo PKIStatusInfo OPTIONAL,
    /// hashAlg [0] AlgorithmIdentifier OPTIONAL }` (RFC 9810 §5.3.18).
    private func readCertConfirm(_ content: ASN1Node, oids: OIDTextCache?) {
        for entry in ASN1Reader.each(content) {
            var parts = ASN1Reader.each(entry).makeIterator()
            guard let hash = parts.next(), case .primitive(let bytes) = hash.content else { continue }
            var status = CertStatus(certHash: bytes, range: ByteRange(entry))
            if let id = parts.next() { status.certReqId = ASN1Reader.int(id) }
            // statusInfo (OPTIONAL) is a SEQUENCE: only hashAlg is context-tagged.
            for part in IteratorSequence(parts) where part.identifier.tagClass == .contextSpecific && part.identifier.tagNumber == 0 {
                // [0] IMPLICIT in the CMP module's EXPLICIT-tags context? The module is EXPLICIT TAGS,
                // so hashAlg is `A0 { 30 … }`; accept the implicit form too.
                if let inner = ASN1Reader.firstChild(part), inner.identifier == .sequence,
                   let algorithm = ASN1Reader.algorithm(inner, oids: oids) {
                    status.hashAlg = algorithm
                } else if let algorithm = ASN1Reader.algorithm(part, implicit: true, oids: oids) {
                    status.hashAlg = algorithm
                }
                noteV3("CertStatus.hashAlg", part)
            }
            certStatuses.append(status)
        }
    }

    private func noteV3(_ name: String, _ node: ASN1Node) {
        if v3Feature == nil { v3Feature = (name, ByteRange(node)) }
    }
}

/// Small readers over swift-asn1 nodes that return nil instead of throwing: the analyzer reports
/// what it can and never stops on a field it does not understand.
enum ASN1Reader {
    /// The children as an array, for the readers that index them. The hot paths iterate
    /// (`elements`, `firstChild`) instead: an array of nodes per element read was 40% of the facts'
    /// cost.
    static func children(_ node: ASN1Node) -> [ASN1Node] {
        guard case .constructed(let collection) = node.content else { return [] }
        return Array(collection)
    }

    /// The children, without copying them out (empty for a primitive node).
    static func elements(_ node: ASN1Node) -> ASN1NodeCollection? {
        guard case .constructed(let collection) = node.content else { return nil }
        return collection
    }

    /// The children to iterate (none for a primitive node), without copying them out.
    static func each(_ node: ASN1Node?) -> Children { Children(collection: node.flatMap(elements)) }

    struct Children: Sequence {
        let collection: ASN1NodeCollection?

        func makeIterator() -> Iterator { Iterator(inner: collection?.makeIterator()) }

        struct Iterator: IteratorProtocol {
            var inner: ASN1NodeCollection.Iterator?
            mutating func next() -> ASN1Node? { inner?.next() }
        }
    }

    static func firstChild(_ node: ASN1Node) -> ASN1Node? {
        guard case .constructed(let collection) = node.content else { return nil }
        var iterator = collection.makeIterator()
        return iterator.next()
    }

    /// `oids` remembers the verdict and text by content octets (the same octets give the same ones).
    static func oid(_ node: ASN1Node, oids: OIDTextCache? = nil) -> String? {
        guard node.identifier == .objectIdentifier, case .primitive(let content) = node.content else { return nil }
        // swift-asn1 validates the encoding; the text comes from the content octets directly.
        func read() -> String? {
            guard (try? ASN1ObjectIdentifier(derEncoded: node)) != nil else { return nil }
            return ASN1Primitive.dottedOID(content)
        }
        return oids.map { $0.text(content: content, make: read) } ?? read()
    }

    static func int(_ node: ASN1Node) -> Int? {
        guard node.identifier == .integer else { return nil }
        return try? Int(derEncoded: node)
    }

    static func octets(_ node: ASN1Node) -> ArraySlice<UInt8>? {
        guard node.identifier == .octetString, case .primitive(let bytes) = node.content else { return nil }
        return bytes
    }

    /// `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`.
    static func algorithm(_ node: ASN1Node, oids: OIDTextCache? = nil) -> MessageFacts.Algorithm? {
        algorithm(node, implicit: false, oids: oids)
    }

    static func algorithm(_ node: ASN1Node, implicit: Bool, oids: OIDTextCache? = nil) -> MessageFacts.Algorithm? {
        guard implicit || node.identifier == .sequence else { return nil }
        var parts = each(node).makeIterator()
        guard let first = parts.next(), let oid = oid(first, oids: oids) else { return nil }
        return MessageFacts.Algorithm(oid: oid, parameters: parts.next(), range: ByteRange(node))
    }
}
