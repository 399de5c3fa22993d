import CMPCore

/// The PKIBody contents the summary reports (RFC 9810 §5.3, RFC 4211 §3): statuses, failInfo bits,
/// certReqIds, checkAfter and genm/genp info types. Bodies with none of these (p10cr, announcements,
/// nested, popdecc/popdecr, pkiconf) are skipped by length.
extension SummaryWalk {
    mutating func walkBody(_ body: TLV, type: PKIBodyType) throws(CMPDecodeError) {
        let name = type.name
        let path: Path = { "PKIMessage.body.\(name)" }
        switch type {
        case .ir, .cr, .kur, .krr, .ccr:
            // CertReqMessages ::= SEQUENCE OF CertReqMsg; CertReqMsg ::= SEQUENCE { certReq CertRequest, … };
            // CertRequest ::= SEQUENCE { certReqId INTEGER, certTemplate CertTemplate, … }
            try forEachElement(try explicitInner(body, path), "CertReqMessages", path) { walk, message, index throws(CMPDecodeError) in
                func path() -> String { "PKIMessage.body.\(name)[\(index)]" }
                var parts = TLVChildren(of: message)
                let request = try walk.expect(&parts, universal: TLV.sequence, "CertRequest") { "\(path()).certReq" }
                var fields = TLVChildren(of: request)
                try walk.readCertReqId(&fields) { "\(path()).certReq.certReqId" }
            }
        case .ip, .cp, .kup, .ccp:
            // CertRepMessage ::= SEQUENCE { caPubs [1] … OPTIONAL, response SEQUENCE OF CertResponse }
            let content = try explicitInner(body, path)
            guard content.isUniversal(TLV.sequence) else { throw mismatch(content, expected: "CertRepMessage", path) }
            var fields = TLVChildren(of: content)
            var response: TLV?
            while response == nil, let field = try next(&fields, path) {
                if field.isUniversal(TLV.sequence) { response = field }
            }
            guard let response else { throw missing(at: content.contentEnd, "response", path) }
            // CertResponse ::= SEQUENCE { certReqId INTEGER, status PKIStatusInfo, … }
            let responsePath: Path = { "PKIMessage.body.\(name).response" }
            try forEachElement(response, "SEQUENCE OF CertResponse", responsePath) { walk, entry, index throws(CMPDecodeError) in
                func path() -> String { "\(responsePath())[\(index)]" }
                var parts = TLVChildren(of: entry)
                try walk.readCertReqId(&parts) { "\(path()).certReqId" }
                try walk.walkStatusInfo(try walk.expect(&parts, universal: TLV.sequence, "PKIStatusInfo") { "\(path()).status" }) {
                    "\(path()).status"
                }
            }
        case .krp, .error:
            // KeyRecRepContent ::= SEQUENCE { status PKIStatusInfo, … };
            // ErrorMsgContent ::= SEQUENCE { pKIStatusInfo PKIStatusInfo, errorCode INTEGER OPTIONAL, … }
            let field = type == .krp ? "status" : "pKIStatusInfo"
            let content = try explicitInner(body, path)
            guard content.isUniversal(TLV.sequence) else { throw mismatch(content, expected: "SEQUENCE", path) }
            var fields = TLVChildren(of: content)
            try walkStatusInfo(try expect(&fields, universal: TLV.sequence, "PKIStatusInfo") { "\(path()).\(field)" }) {
                "\(path()).\(field)"
            }
        case .rp:
            // RevRepContent ::= SEQUENCE { status SEQUENCE SIZE (1..MAX) OF PKIStatusInfo, revCerts [0] …, crls [1] … }
            let content = try explicitInner(body, path)
            guard content.isUniversal(TLV.sequence) else { throw mismatch(content, expected: "RevRepContent", path) }
            var fields = TLVChildren(of: content)
            let list = try expect(&fields, universal: TLV.sequence, "SEQUENCE OF PKIStatusInfo") { "\(path()).status" }
            let statusPath: Path = { "PKIMessage.body.rp.status" }
            try forEachElement(list, "SEQUENCE OF PKIStatusInfo", statusPath) { walk, info, index throws(CMPDecodeError) in
                try walk.walkStatusInfo(info) { "\(statusPath())[\(index)]" }
            }
        case .rann:
            // RevAnnContent ::= SEQUENCE { status PKIStatus, certId CertId, … }
            let content = try explicitInner(body, path)
            guard content.isUniversal(TLV.sequence) else { throw mismatch(content, expected: "RevAnnContent", path) }
            var fields = TLVChildren(of: content)
            let status = try expect(&fields, universal: TLV.integer, "PKIStatus") { "\(path()).status" }
            summary.statuses.append(PKIStatus(rawValue: try integer(status) { "\(path()).status" }))
        case .certConf:
            // CertStatus ::= SEQUENCE { certHash OCTET STRING, certReqId INTEGER,
            //     statusInfo PKIStatusInfo OPTIONAL, hashAlg [0] AlgorithmIdentifier OPTIONAL }
            try forEachElement(try explicitInner(body, path), "CertConfirmContent", path) { walk, entry, index throws(CMPDecodeError) in
                func path() -> String { "PKIMessage.body.certConf[\(index)]" }
                var parts = TLVChildren(of: entry)
                _ = try walk.expect(&parts, universal: TLV.octetString, "certHash OCTET STRING") { "\(path()).certHash" }
                try walk.readCertReqId(&parts) { "\(path()).certReqId" }
                while let field = try walk.next(&parts, path) {
                    if field.isUniversal(TLV.sequence) { try walk.walkStatusInfo(field) { "\(path()).statusInfo" } }
                }
            }
        case .pollReq, .pollRep:
            // PollReqContent ::= SEQUENCE OF SEQUENCE { certReqId INTEGER };
            // PollRepContent ::= SEQUENCE OF SEQUENCE { certReqId INTEGER, checkAfter INTEGER, reason PKIFreeText OPTIONAL }
            let isReply = type == .pollRep
            try forEachElement(try explicitInner(body, path), "SEQUENCE OF SEQUENCE", path) { walk, entry, index throws(CMPDecodeError) in
                func path() -> String { "PKIMessage.body.\(name)[\(index)]" }
                var parts = TLVChildren(of: entry)
                try walk.readCertReqId(&parts) { "\(path()).certReqId" }
                guard isReply else { return }
                let after = try walk.expect(&parts, universal: TLV.integer, "checkAfter INTEGER") { "\(path()).checkAfter" }
                walk.summary.checkAfter.append(try walk.integer(after) { "\(path()).checkAfter" })
            }
        case .genm, .genp:
            try walkInfoTypes(try explicitInner(body, path), path)
        default:
            break
        }
    }

    /// Visits every element of a SEQUENCE OF with its index (the visitor builds `path[index]`).
    private mutating func forEachElement(
        _ list: TLV, _ what: String, _ path: Path,
        _ visit: (inout SummaryWalk, TLV, Int) throws(CMPDecodeError) -> Void
    ) throws(CMPDecodeError) {
        guard list.isUniversal(TLV.sequence), list.isConstructed else { throw mismatch(list, expected: what, path) }
        var elements = TLVChildren(of: list)
        var index = 0
        while let element = try next(&elements, path) {
            func elementPath() -> String { "\(path())[\(index)]" }
            guard element.isUniversal(TLV.sequence), element.isConstructed else {
                throw mismatch(element, expected: "SEQUENCE", elementPath)
            }
            try visit(&self, element, index)
            index += 1
        }
    }

    private mutating func readCertReqId(_ fields: inout TLVChildren, _ path: Path) throws(CMPDecodeError) {
        let id = try expect(&fields, universal: TLV.integer, "certReqId INTEGER", path)
        summary.certReqIds.append(try integer(id, path))
    }

    /// `PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL,
    /// failInfo PKIFailureInfo OPTIONAL }` (RFC 9810 §5.2.3).
    private mutating func walkStatusInfo(_ info: TLV, _ path: Path) throws(CMPDecodeError) {
        var fields = TLVChildren(of: info)
        let status = try expect(&fields, universal: TLV.integer, "PKIStatus INTEGER") { "\(path()).status" }
        summary.statuses.append(PKIStatus(rawValue: try integer(status) { "\(path()).status" }))
        while let field = try next(&fields, path) {
            if field.isUniversal(TLV.bitString) { try addFailInfo(field) { "\(path()).failInfo" } }
        }
    }

    /// Named bits of a PKIFailureInfo BIT STRING: bit 0 is the most significant bit of the first octet
    /// after the unused-bits count (X.690 §8.6.2).
    private mutating func addFailInfo(_ bits: TLV, _ path: Path) throws(CMPDecodeError) {
        guard !bits.isConstructed else { throw mismatch(bits, expected: "primitive BIT STRING", path) }
        let range = try content(bits, path)
        guard let first = range.first else {
            throw CMPDecodeError(fieldPath: path(), range: bits.range, reason: "BIT STRING without its unused-bits octet")
        }
        let unused = Int(bytes[first])
        guard unused < 8, unused == 0 || range.count > 1 else {
            throw CMPDecodeError(fieldPath: path(), range: bits.range, reason: "invalid unused-bits count \(unused)")
        }
        FailInfoBits.collect(bytes[(first + 1)..<range.upperBound], unusedBits: unused, into: &failBits,
                             maxUnknown: Self.maxUnknownFailBits)
    }
}
