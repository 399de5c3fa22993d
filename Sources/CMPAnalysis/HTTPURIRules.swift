import CMPCore

/// RFC 9811 §3.4: servers MUST support `/.well-known/cmp[/p/<label>][/<operation>]`; the operation
/// labels are IANA's "CMP Well-Known URI Path Segments". Checked on requests only (a response
/// repeats its request's URI).
enum HTTPURIRules {
    static let prefix = "/.well-known/cmp"

    /// Operation label → the bodies it names (RFC 9483 §4 and §5.2.2.2).
    static let operations: [String: [PKIBodyType]] = [
        "initialization": [.ir], "certification": [.cr], "keyupdate": [.kur], "pkcs10": [.p10cr],
        "revocation": [.rr], "getcacerts": [.genm], "getrootupdate": [.genm], "getcertreqtemplate": [.genm],
        "getcrls": [.genm], "nested": [.nested],
    ]

    /// Bodies that follow the first request of a transaction to the same URI.
    static let followUps: [PKIBodyType] = [.certConf, .pollReq, .error, .popdecr]

    static func check(_ envelope: CMPEnvelope, body: PKIBodyType?) -> [Finding] {
        guard let http = envelope.transport.http, http.kind == .request, let uri = http.uri, let body else { return [] }
        let at = FindingLocation.stream(offset: envelope.streamOffset ?? 0)
        let path = Self.path(of: uri)
        guard path == prefix || path.hasPrefix(prefix + "/") else {
            // Reported once per transaction, on its first request: its certConf and pollReqs follow it.
            guard TransactionTracker.isInitialRequest(body) else { return [] }
            var findings = [Finding(.httpURINotWellKnown, "request URI \(uri) is not under \(prefix)", at: at)]
            if path.hasPrefix("/ejbca/publicweb/cmp/") {
                findings.append(Finding(.httpURIEJBCA, "EJBCA CMP alias \(path.dropFirst("/ejbca/publicweb/cmp/".count))", at: at))
            }
            return findings
        }
        var segments = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        if segments.first == "p" { segments.removeFirst(min(2, segments.count)) }
        guard let label = segments.first, let named = operations[label] else { return [] }
        if named.contains(body) || followUps.contains(body) { return [] }
        return [Finding(.httpURIOperationMismatch, "\(body.name) posted to operation \(label) (\(named.map(\.name).joined(separator: ", ")))",
                        at: at)]
    }

    /// The path of an origin-form or absolute-form request target, without query or fragment.
    static func path(of uri: String) -> String {
        var text = Substring(uri)
        if let scheme = text.range(of: "://") {
            text = text[scheme.upperBound...]
            text = text.firstIndex(of: "/").map { text[$0...] } ?? "/"
        }
        if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<end] }
        return String(text)
    }
}
