import CMPCore
@testable import CMPTransport
import XCTest

final class HTTPFramingTests: XCTestCase {
    let body = Wire.der()
    let reply = Wire.der(size: 40, fill: 0x5A)

    func testContentLengthRequestAndResponse() {
        let request = Wire.request(body: body)
        let response = Wire.response(body: reply)
        let envelopes = Driver.runAllSplits([.c(request), .s(response), .finish(.clientToServer), .finish(.serverToClient)])
        XCTAssertEqual(envelopes.count, 2)
        guard envelopes.count == 2 else { return }
        let (req, rsp) = (envelopes[0], envelopes[1])
        XCTAssertEqual(req.pkiMessage, body)
        XCTAssertEqual(req.direction, .clientToServer)
        XCTAssertEqual(req.source, clientEndpoint)
        XCTAssertEqual(req.destination, serverEndpoint)
        XCTAssertEqual(req.connectionIndex, 3)
        XCTAssertEqual(req.streamOffset, UInt64(request.count - body.count))
        XCTAssertEqual(req.transport.http?.kind, .request)
        XCTAssertEqual(req.transport.http?.method, "POST")
        XCTAssertEqual(req.transport.http?.uri, "/.well-known/cmp")
        XCTAssertEqual(req.transport.http?.version, "1.1")
        XCTAssertEqual(req.transport.http?.contentLength, body.count)
        XCTAssertEqual(req.findings, [])
        XCTAssertEqual(rsp.pkiMessage, reply)
        XCTAssertEqual(rsp.direction, .serverToClient)
        XCTAssertEqual(rsp.source, serverEndpoint)
        XCTAssertEqual(rsp.transport.http?.status, 200)
        XCTAssertEqual(rsp.transport.http?.method, "POST")
        XCTAssertEqual(rsp.transport.http?.uri, "/.well-known/cmp")
        XCTAssertEqual(rsp.transport.http?.requestFrame, req.frames.last?.number)
        XCTAssertEqual(rsp.streamOffset, UInt64(response.count - reply.count))
        XCTAssertEqual(rsp.findings, [])
    }

    func testChunkedWithExtensionsAndTrailers() {
        let head = Wire.ascii("POST /cmp HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunked = Wire.ascii("5;name=value\r\n") + Array(body[0..<5]) + Wire.ascii("\r\n")
            + Wire.ascii("8 ; x\r\n") + Array(body[5...]) + Wire.ascii("\r\n")
            + Wire.ascii("0\r\nX-Trailer: yes\r\nX-Other: 2\r\n\r\n")
        let after = Wire.request(body: reply)
        let envelopes = Driver.runAllSplits([.c(head + chunked + after)])
        XCTAssertEqual(envelopes.count, 2)
        XCTAssertEqual(envelopes.first?.pkiMessage, body)
        XCTAssertEqual(envelopes.first?.transport.http?.chunked, true)
        XCTAssertEqual(envelopes.first?.streamOffset, UInt64(head.count + 14))
        XCTAssertEqual(envelopes.last?.pkiMessage, reply)
    }

    func testCloseDelimitedResponseCompletesAtFinish() {
        let request = Wire.request(version: "1.0", body: body)
        let response = Wire.response(version: "1.0", contentType: "application/pkixcmp", body: reply, contentLength: false)
        let envelopes = Driver.runAllSplits([.c(request), .s(response), .finish(.serverToClient)])
        XCTAssertEqual(envelopes.count, 2)
        XCTAssertEqual(envelopes.last?.pkiMessage, reply)
        XCTAssertEqual(envelopes.last?.codes, ["http.version.1.0"])
        XCTAssertEqual(envelopes.first?.codes, ["http.version.1.0"])
    }

    func testHeadResponseHasNoBody() {
        let head = Wire.request("HEAD", "/", contentType: nil, body: [], contentLength: false)
        let post = Wire.request(body: body)
        // The HEAD response announces a length but carries no body; the next response follows at once.
        let headResponse = Wire.ascii("HTTP/1.1 200 OK\r\nContent-Type: application/pkixcmp\r\nContent-Length: 500\r\n\r\n")
        let envelopes = Driver.runAllSplits([.c(head + post), .s(headResponse + Wire.response(body: reply))])
        XCTAssertEqual(envelopes.count, 2)
        XCTAssertEqual(envelopes.last?.pkiMessage, reply)
        XCTAssertEqual(envelopes.last?.transport.http?.method, "POST")
    }

    func testExpectContinue() {
        let head = Wire.ascii("POST /pkix/ HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nExpect: 100-continue\r\nContent-Length: \(body.count)\r\n\r\n")
        let envelopes = Driver.runAllSplits([
            .c(head), .s(Wire.ascii("HTTP/1.1 100 Continue\r\n\r\n")), .c(body), .s(Wire.response(body: reply)),
        ])
        XCTAssertEqual(envelopes.count, 2)
        XCTAssertEqual(envelopes.first?.pkiMessage, body)
        XCTAssertEqual(envelopes.last?.transport.http?.status, 200)
        XCTAssertEqual(envelopes.last?.transport.http?.uri, "/pkix/")
        XCTAssertEqual(envelopes.last?.pkiMessage, reply)
    }

    func testPipeliningPairsFIFO() {
        let uris = ["/a", "/b", "/c"]
        let requests = uris.flatMap { Wire.request("POST", $0, body: Wire.der(size: 20)) }
        let responses = (0..<3).flatMap { Wire.response(body: Wire.der(size: 30 + $0)) }
        let envelopes = Driver.runAllSplits([.c(requests), .s(responses)])
        let answered = envelopes.filter { $0.transport.http?.kind == .response }
        XCTAssertEqual(answered.map { $0.transport.http?.uri }, ["/a", "/b", "/c"])
        XCTAssertEqual(answered.map { $0.pkiMessage?.count }, [30, 31, 32])
        let requestFrames = envelopes.filter { $0.transport.http?.kind == .request }.map { $0.frames.last?.number }
        XCTAssertEqual(answered.map(\.transport.http?.requestFrame), requestFrames)
    }

    func testKeepAliveSequence() {
        var steps: [Step] = []
        for index in 0..<3 {
            steps += [.c(Wire.request("POST", "/\(index)", body: Wire.der(size: 15 + index))),
                      .s(Wire.response(body: Wire.der(size: 50 + index)))]
        }
        let envelopes = Driver.runAllSplits(steps)
        XCTAssertEqual(envelopes.map { $0.pkiMessage?.count }, [15, 50, 16, 51, 17, 52])
        XCTAssertEqual(envelopes.compactMap { $0.transport.http?.uri }, ["/0", "/0", "/1", "/1", "/2", "/2"])
    }

    func testMediaTypes() {
        let cases: [(String?, Set<String>)] = [
            ("application/pkixcmp", []),
            ("Application/PKIXCMP; charset=binary", []),
            ("application/x-pkixcmp", ["http.content-type.legacy"]),
            ("application/X-PKIXcmp ;foo=bar", ["http.content-type.legacy"]),
            ("application/pkixcmp-poll", ["http.content-type.poll"]),
            ("APPLICATION/X-PKIXCMP-POLL ; q=1", ["http.content-type.poll"]),
            (nil, ["http.content-type.missing"]),
            ("application/octet-stream", ["http.content-type.wrong"]),
            ("text/html; charset=utf-8", ["http.content-type.wrong"]),
        ]
        for (contentType, expected) in cases {
            let envelopes = Driver.runAllSplits([.c(Wire.request(contentType: contentType, body: body))])
            XCTAssertEqual(envelopes.count, 1, "\(String(describing: contentType))")
            XCTAssertEqual(envelopes.first?.pkiMessage, body, "\(String(describing: contentType))")
            XCTAssertEqual(envelopes.first?.codes, expected, "\(String(describing: contentType))")
            XCTAssertEqual(envelopes.first?.transport.http?.contentType, contentType)
        }
    }

    /// OWS (SP and HTAB octets, RFC 9110 §5.6.3) around field values goes; a folded line joins
    /// its field's value with one space (RFC 9112 §5.2); what is inside a value stays.
    func testOptionalWhitespaceAroundFieldValues() {
        let head = Wire.ascii("POST /cmp HTTP/1.1\r\nContent-Type: \t application/pkixcmp;\r\n \t charset=binary \t\r\n"
                              + "Content-Length:\t \(body.count)  \r\n\r\n")
        let envelopes = Driver.runAllSplits([.c(head + body)])
        XCTAssertEqual(envelopes.count, 1)
        XCTAssertEqual(envelopes.first?.pkiMessage, body)
        XCTAssertEqual(envelopes.first?.transport.http?.contentType, "application/pkixcmp; charset=binary")
        XCTAssertEqual(envelopes.first?.transport.http?.contentLength, body.count)
        XCTAssertEqual(envelopes.first?.codes, [])
        for (text, trimmed) in [(" \t a b \t", "a b"), ("", ""), (" \t ", ""), ("  \u{E9}\u{301}  ", "\u{E9}\u{301}"), ("x", "x")] {
            XCTAssertEqual(String(Substring(text).trimmingASCIIWhitespace()), trimmed)
        }
    }

    func testSniffingRejectsNonDER() {
        // Shapes that fail the structural check, under a non-CMP media type: no envelope.
        let bodies: [[UInt8]] = [
            Wire.ascii("<html>hello</html>"),
            [0x30, 0x0B, 0x30, 0x03, 0x02, 0x01, 0x02, 1, 2, 3, 4, 5],   // outer length one short of the body
            [0x30, 0x05, 0x04, 0x03, 0x01, 0x02, 0x03],                   // first element not a SEQUENCE
            [0x30, 0x05, 0x30, 0x03, 0x04, 0x01, 0x02],                   // PKIHeader not starting with INTEGER
            [0x30, 0x80, 0x30, 0x03, 0x02, 0x01, 0x02, 0, 0],             // indefinite length
        ]
        for candidate in bodies {
            XCTAssertEqual(Driver.runAllSplits([.c(Wire.request(contentType: "text/plain", body: candidate))]).count, 0)
            XCTAssertEqual(Driver.runAllSplits([.c(Wire.request(contentType: nil, body: candidate))]).count, 0)
        }
    }

    func testSniffedChunkedBody() {
        let head = Wire.ascii("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunks = Wire.ascii("3\r\n") + Array(body[0..<3]) + Wire.ascii("\r\nA\r\n") + Array(body[3...]) + Wire.ascii("\r\n0\r\n\r\n")
        let envelopes = Driver.runAllSplits([.c(head + chunks)])
        XCTAssertEqual(envelopes.first?.pkiMessage, body)
        XCTAssertEqual(envelopes.first?.codes, ["http.content-type.missing"])
    }

    func testPollBodyWithTCPMessagingHeader() {
        let framed = Wire.rfc2510(type: 0, body)
        let response = Wire.v10(type: 5, reply)
        let envelopes = Driver.runAllSplits([
            .c(Wire.request(contentType: "application/pkixcmp-poll", body: framed)),
            .s(Wire.response(contentType: "application/x-pkixcmp-poll", body: response)),
        ])
        XCTAssertEqual(envelopes.count, 2)
        guard envelopes.count == 2 else { return }
        XCTAssertEqual(envelopes[0].pkiMessage, body)
        XCTAssertEqual(envelopes[0].transport.tcpMessaging?.framing, .rfc2510)
        XCTAssertEqual(envelopes[0].transport.tcpMessaging?.typeName, "pkiMsg")
        XCTAssertEqual(envelopes[0].transport.http?.method, "POST")
        XCTAssertEqual(envelopes[0].transport.name, "http")
        XCTAssertEqual(envelopes[0].codes, ["http.content-type.poll", "tcpmsg.framing.rfc2510"])
        let headLength = Wire.request(contentType: "application/pkixcmp-poll", body: framed).count - framed.count
        XCTAssertEqual(envelopes[0].streamOffset, UInt64(headLength + 5))
        XCTAssertEqual(envelopes[1].pkiMessage, reply)
        XCTAssertEqual(envelopes[1].transport.tcpMessaging?.typeName, "pkiRep")
        XCTAssertEqual(envelopes[1].codes, ["http.content-type.poll", "tcpmsg.framing.v10"])
        // A bare PKIMessage under the poll type is taken as such.
        let bare = Driver.runAllSplits([.c(Wire.request(contentType: "application/pkixcmp-poll", body: body))])
        XCTAssertEqual(bare.first?.pkiMessage, body)
        XCTAssertNil(bare.first?.transport.tcpMessaging)
    }

    func testNonCMPBodyIsNotBuffered() {
        let size = 1_000_000
        var driver = Driver()
        driver.append(Wire.request("GET", "/index.html", contentType: nil, body: []), .clientToServer)
        driver.append(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(size)\r\n\r\n"), .serverToClient)
        let page = Array(repeating: UInt8(ascii: "x"), count: 1000)
        for _ in 0..<(size / page.count) { driver.append(page, .serverToClient) }
        driver.append(Wire.request(body: body), .clientToServer)
        driver.append(Wire.response(body: reply), .serverToClient)
        XCTAssertLessThan(driver.peakReadable[1], 2048)
        XCTAssertEqual(driver.envelopes.map(\.pkiMessage), [body, reply])
        XCTAssertEqual(driver.envelopes.last?.transport.http?.uri, "/.well-known/cmp")
    }

    func testNonCMPChunkedAndCloseDelimitedBodiesAreNotBuffered() {
        var driver = Driver()
        driver.append(Wire.request("GET", "/", contentType: nil, body: []), .clientToServer)
        driver.append(Wire.request("GET", "/2", contentType: nil, body: []), .clientToServer)
        driver.append(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"), .serverToClient)
        for _ in 0..<200 { driver.append(Wire.ascii("3e8\r\n") + Array(repeating: 0x41, count: 1000) + Wire.ascii("\r\n"), .serverToClient) }
        driver.append(Wire.ascii("0\r\n\r\nHTTP/1.0 200 OK\r\n\r\n"), .serverToClient)
        for _ in 0..<200 { driver.append(Array(repeating: 0x42, count: 1000), .serverToClient) }
        XCTAssertLessThan(driver.peakReadable[1], 2048)
        driver.session.finish(&driver.buffers[1], direction: .serverToClient) { driver.envelopes.append($0) }
        XCTAssertEqual(driver.envelopes.count, 0)
    }

    func testStatusFindings() {
        let cases: [(Int, String?, [UInt8], Set<String>?)] = [
            (200, "application/pkixcmp", Wire.der(), []),
            (202, "application/pkixcmp", Wire.der(), ["http.status.not-200"]),
            (500, "application/pkixcmp", Wire.der(), ["http.status.error-with-cmp"]),
            (400, "text/plain", Wire.ascii("bad request"), ["http.status.error-without-cmp"]),
            (503, nil, [], ["http.status.error-without-cmp"]),
            (302, "text/html", Wire.ascii("moved"), nil),
        ]
        for (status, contentType, content, expected) in cases {
            let envelopes = Driver.runAllSplits([
                .c(Wire.request(body: body)), .s(Wire.response(status, "Reason", contentType: contentType, body: content)),
            ])
            let responses = envelopes.filter { $0.transport.http?.kind == .response }
            guard let expected else {
                XCTAssertEqual(responses.count, 0, "\(status)")
                continue
            }
            XCTAssertEqual(responses.count, 1, "\(status)")
            XCTAssertEqual(responses.first?.codes, expected, "\(status)")
            XCTAssertEqual(responses.first?.transport.http?.status, status)
            XCTAssertEqual(responses.first?.pkiMessage, expected.contains("http.status.error-without-cmp") ? nil : content)
        }
        // An error answering a request that was not CMP says nothing.
        let web = Driver.runAllSplits([
            .c(Wire.request("GET", "/favicon.ico", contentType: nil, body: [])),
            .s(Wire.response(404, "Not Found", contentType: "text/html", body: Wire.ascii("nope"))),
        ])
        XCTAssertEqual(web.count, 0)
    }

    func testOpenSSLStatusOnlyErrorWithExtraCRLF() {
        let envelopes = Driver.runAllSplits([
            .c(Wire.request(version: "1.0", body: body)),
            .s(Wire.ascii("HTTP/1.0 400 Bad Request\r\n\r\n\r\n")), .finish(.serverToClient),
        ])
        XCTAssertEqual(envelopes.count, 2)
        XCTAssertEqual(envelopes.last?.codes, ["http.status.error-without-cmp"])
        XCTAssertNil(envelopes.last?.pkiMessage)
    }

    func testMethodNotPost() {
        let envelopes = Driver.runAllSplits([.c(Wire.request("PUT", "/cmp", body: body))])
        XCTAssertEqual(envelopes.first?.codes, ["http.method.not-post"])
        XCTAssertEqual(envelopes.first?.transport.http?.method, "PUT")
    }

    func testBareLineFeeds() {
        let request = Wire.ascii("POST /cmp HTTP/1.1\nContent-type: application/pkixcmp\nContent-Length: \(body.count)\n\n") + body
        let envelopes = Driver.runAllSplits([.c(request)])
        XCTAssertEqual(envelopes.first?.pkiMessage, body)
        XCTAssertEqual(envelopes.first?.codes, ["http.line-ending.bare-lf"])
    }

    func testHeaderLimit() {
        var limits = Limits()
        limits.maxHTTPHeaderBytes = 200
        let big = Wire.request(body: body, extraHeaders: ["X-Padding: " + String(repeating: "p", count: 400)])
        let envelopes = Driver.runAllSplits([.c(big + Wire.request(body: reply))], limits: limits)
        XCTAssertEqual(envelopes.count, 1)
        XCTAssertEqual(envelopes.first?.pkiMessage, reply)
        XCTAssertEqual(envelopes.first?.codes, ["http.malformed"])
    }

    func testHugeContentLengthAndChunkSize() {
        // 2^63: refused with pdu.limit before any byte of it is buffered.
        var driver = Driver()
        driver.append(Wire.ascii("POST / HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nContent-Length: 9223372036854775808\r\n\r\n"),
                      .clientToServer)
        for _ in 0..<100 { driver.append(Array(repeating: 0x30, count: 1000), .clientToServer) }
        XCTAssertEqual(driver.envelopes.count, 1)
        XCTAssertEqual(driver.envelopes.first?.codes, ["pdu.limit"])
        XCTAssertNil(driver.envelopes.first?.pkiMessage)
        XCTAssertLessThan(driver.peakReadable[0], 2048)
        // 2^64 does not fit: malformed, then the next request is framed again.
        let overflow = Wire.ascii("POST / HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nContent-Length: 18446744073709551616\r\n\r\n")
        let afterOverflow = Driver.runAllSplits([.c(overflow + Wire.request(body: body))])
        XCTAssertEqual(afterOverflow.map(\.pkiMessage), [body])
        XCTAssertEqual(afterOverflow.first?.codes, ["http.malformed"])
        // A 2^64 chunk size is malformed too.
        let chunked = Wire.ascii("POST / HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n")
        let afterChunk = Driver.runAllSplits([.c(chunked + Wire.request(body: body))])
        XCTAssertEqual(afterChunk.map(\.pkiMessage), [body])
        XCTAssertEqual(afterChunk.first?.codes, ["http.malformed"])
    }

    func testBodyOverPDULimit() {
        var limits = Limits()
        limits.maxPDUSize = 100
        let envelopes = Driver.runAllSplits([.c(Wire.request(body: Wire.der(size: 300)) + Wire.request(body: body))], limits: limits)
        XCTAssertEqual(envelopes.map(\.codes), [["pdu.limit"], []])
        XCTAssertEqual(envelopes.map(\.pkiMessage), [nil, body])
    }

    func testConnectionClosedBeforeContentLength() {
        let request = Wire.request(body: body)
        let envelopes = Driver.runAllSplits([.c(Array(request.dropLast(4))), .finish(.clientToServer)])
        XCTAssertEqual(envelopes.count, 1)
        XCTAssertEqual(envelopes.first?.pkiMessage, Array(body.dropLast(4)))
        XCTAssertEqual(envelopes.first?.codes, ["http.content-length.mismatch"])
        let chunked = Wire.ascii("POST / HTTP/1.1\r\nContent-Type: application/pkixcmp\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n") + Array(body[0..<5])
        let cut = Driver.runAllSplits([.c(chunked), .finish(.clientToServer)])
        XCTAssertEqual(cut.first?.pkiMessage, Array(body[0..<5]))
        XCTAssertEqual(cut.first?.codes, ["http.incomplete"])
    }

    func testContentOverridesDirectionGuess() {
        // The reassembler guessed wrong: the "server" endpoint sends the request.
        var driver = Driver(client: serverEndpoint, server: clientEndpoint)
        let envelopes = driver.run([.s(Wire.request(body: body)), .c(Wire.response(body: reply))])
        XCTAssertEqual(envelopes.map(\.direction), [.clientToServer, .serverToClient])
        XCTAssertEqual(envelopes.map(\.source), [clientEndpoint, serverEndpoint])
        XCTAssertEqual(envelopes.last?.transport.http?.uri, "/.well-known/cmp")
    }

    func testGapInsideBodyThenResync() {
        let first = Wire.request(body: Wire.der(size: 60))
        let second = Wire.request("POST", "/next", body: body)
        let envelopes = Driver.runAllSplits([
            .c(Array(first.prefix(first.count - 30))), .gap(.clientToServer, 20), .c(Array(first.suffix(10)) + second),
        ])
        XCTAssertEqual(envelopes.count, 2)
        XCTAssertEqual(envelopes.first?.pkiMessage, Array(Wire.der(size: 60).prefix(30)))
        XCTAssertEqual(envelopes.first?.codes, ["tcp.gap"])
        XCTAssertEqual(envelopes.last?.pkiMessage, body)
        XCTAssertEqual(envelopes.last?.transport.http?.uri, "/next")
        XCTAssertEqual(envelopes.last?.streamOffset, UInt64(first.count + second.count - body.count))
    }

    func testGapBetweenMessagesAttachesToNext() {
        let envelopes = Driver.runAllSplits([
            .c(Wire.request(body: body)), .gap(.clientToServer, 100), .c(Wire.request(body: reply)),
        ])
        XCTAssertEqual(envelopes.map(\.codes), [[], ["tcp.gap"]])
    }

    func testGapInSkippedBodyKeepsFraming() {
        var driver = Driver()
        let steps: [Step] = [
            .c(Wire.request("GET", "/", contentType: nil, body: [])),
            .s(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3000\r\n\r\n") + Array(repeating: 0x20, count: 1000)),
            .gap(.serverToClient, 1000), .s(Array(repeating: 0x20, count: 1000) + Wire.response(body: reply)),
        ]
        let envelopes = driver.run(steps)
        XCTAssertEqual(envelopes.map(\.pkiMessage), [reply])
        XCTAssertEqual(envelopes.first?.codes, [])
    }
}

final class HTTPEdgeCaseTests: XCTestCase {
    let body = Wire.der()

    func testUpgradeMakesTheConnectionOpaque() {
        let envelopes = Driver.runAllSplits([
            .c(Wire.request("GET", "/chat", contentType: nil, body: [], extraHeaders: ["Upgrade: websocket"])),
            .s(Wire.ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n") + Wire.response(body: body)),
            .c(Wire.request(body: body)),
        ])
        XCTAssertEqual(envelopes.count, 0)
    }

    func testRequestWithUnknownTransferCodingIsMalformed() {
        let bad = Wire.request(body: body, extraHeaders: ["Transfer-Encoding: gzip"], contentLength: false)
        let envelopes = Driver.runAllSplits([.c(bad + Wire.request("POST", "/after", body: body))])
        XCTAssertEqual(envelopes.last?.transport.http?.uri, "/after")
        XCTAssertTrue(envelopes.last?.codes.contains("http.malformed") ?? false)
    }

    func testConflictingContentLengthsAreMalformed() {
        let bad = Wire.request(body: body, extraHeaders: ["Content-Length: 99"])
        let envelopes = Driver.runAllSplits([.c(bad + Wire.request("POST", "/after", body: body))])
        XCTAssertEqual(envelopes.last?.transport.http?.uri, "/after")
        XCTAssertTrue(envelopes.last?.codes.contains("http.malformed") ?? false)
    }

    func testHTTPFramesAttribution() {
        let request = Wire.request(body: body)
        var driver = Driver()
        driver.append(Array(request.prefix(10)), .clientToServer, frame: 4)
        driver.append(Array(request.dropFirst(10).dropLast(5)), .clientToServer, frame: 6)
        driver.append(Array(request.suffix(5)), .clientToServer, frame: 9)
        XCTAssertEqual(driver.envelopes.first?.frames.map(\.number), [4, 6, 9])
        driver.append(Wire.response(body: body), .serverToClient, frame: 11)
        XCTAssertEqual(driver.envelopes.last?.transport.http?.requestFrame, 9)
    }

    func testSniffedBodyOverLimitIsRefused() {
        var limits = Limits()
        limits.maxPDUSize = 64
        let envelopes = Driver.runAllSplits([.c(Wire.request(contentType: nil, body: Wire.der(size: 100)))], limits: limits)
        XCTAssertEqual(envelopes.map(\.codes), [["pdu.limit"]])
        XCTAssertNil(envelopes.first?.pkiMessage)
        // Refused as soon as the sniffer recognises it: the body is not buffered up to the limit first.
        var driver = Driver(limits: limits)
        let request = Wire.request(contentType: nil, body: Wire.der(size: 1000))
        for byte in request { driver.append([byte], .clientToServer) }
        XCTAssertEqual(driver.envelopes.map(\.codes), [["pdu.limit"]])
        XCTAssertLessThan(driver.peakReadable[0], request.count - 1000 + 20)
    }
}
