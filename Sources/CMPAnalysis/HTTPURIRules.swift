import CMPCore

/// RFC 9811 §3.4: servers MUST support `/.well-known/cmp[/p/<label>][/<operation>]`; the operation
/// labels are IANA's "CMP Well-Known URI Path Segments". Checked on requests only (a response
/// repeats its request's URI).
enum HTTPURIRules {
    static let prefix = "/.well-known/cmp"
    static let prefixWithSlash = prefix + "/"

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
        guard path == prefix || path.hasPrefix(prefixWithSlash) else {
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
    /// Scanned as UTF-8 (every delimiter is ASCII): Character by Character it was a percent of the run.
    static func path(of uri: String) -> Substring {
        let utf8 = uri.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        // Whether every byte so far could be a scheme (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )).
        var inScheme = true
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: ":"), inScheme, index > utf8.startIndex, utf8[index...].starts(with: "://".utf8) {
                let authority = utf8.index(index, offsetBy: 3)
                guard let slash = utf8[authority...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
                      utf8[slash] == UInt8(ascii: "/") else { return "/" }
                start = slash
                index = slash
                inScheme = false
            } else if inScheme {
                let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                let other = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                inScheme = letter || (index > utf8.startIndex && other)
            }
            index = utf8.index(after: index)
        }
        return uri[start..<index]
    }
}
