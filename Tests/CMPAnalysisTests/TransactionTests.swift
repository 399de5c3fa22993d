import CMPAnalysis
import CMPCore
import XCTest

/// Transaction grouping and the rules only a sequence of messages shows (RFC 9810 §5.1.1, §5.3).
final class TransactionTests: XCTestCase {
    private let certificate = DER.sequence(DER.sequence(), DER.algorithm("1.2.840.10045.4.3.2"), DER.bitString([1, 2, 3]))
    /// SHA-256 of `certificate` (its signature hash), computed with Python's hashlib:
    /// hashlib.sha256(bytes.fromhex("3014" "3000" "300a06082a8648ce3d040302" "030400010203")).
    private let certificateHash: [UInt8] = TransactionTests.hex("36cdf113cc70d199599cdfb33f94bd6cd4ef17452c4c8f10593d870433250c9c")

    private static func hex(_ text: String) -> [UInt8] {
        var bytes = [UInt8]()
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    private func hex(_ text: String) -> [UInt8] { Self.hex(text) }

    /// Runs a sequence and returns each message's non-chat codes (and the messages).
    private func run(_ messages: [TestMessage], harness: inout AnalysisHarness) -> [DissectedMessage] {
        messages.map { harness.run($0) }
    }

    private func codes(_ message: DissectedMessage) -> Set<String> {
        Set(message.findings.filter { $0.severity > .chat }.map(\.code.rawValue))
    }

    private func cleanEnrollment() -> [TestMessage] {
        let ir = TestMessage()
        let ip = ir.answer(TestMessage.certRep(certificate: certificate), nonce: 0x31)
        let certConf = ip.answer(TestMessage.certConf(hash: certificateHash), nonce: 0x41)
        let pkiconf = certConf.answer(TestMessage.pkiconf, nonce: 0x51)
        return [ir, ip, certConf, pkiconf]
    }

    func testCleanEnrollmentIsOneAcceptedConfirmedTransaction() {
        var harness = AnalysisHarness()
        let messages = run(cleanEnrollment(), harness: &harness)
        XCTAssertEqual(messages.map { $0.transaction?.index }, [1, 1, 1, 1])
        XCTAssertEqual(messages.map { $0.transaction?.outcome }, [.incomplete, .accepted, .accepted, .accepted])
        XCTAssertEqual(messages.last?.transaction?.confirmation, "certConf+pkiconf")
        XCTAssertEqual(messages.last?.transaction?.kind, "ir")
        for message in messages { XCTAssertEqual(codes(message), [], "\(message.summary?.body?.name ?? "")") }
        var table = TransactionTable()
        messages.forEach { table.add($0) }
        XCTAssertTrue(table.closingFindings.isEmpty)
        XCTAssertTrue(table.render().contains("ir→ip, certConf→pkiconf"), table.render())
    }

    /// Over HTTP the messages have capture times (the harness puts message n at n seconds).
    func testTableShowsLatencies() {
        var harness = AnalysisHarness()
        var table = TransactionTable()
        for (position, message) in cleanEnrollment().enumerated() {
            let http = HTTPInfo(kind: position % 2 == 0 ? .request : .response, version: "1.1", method: "POST",
                                uri: "/.well-known/cmp", status: position % 2 == 0 ? nil : 200)
            table.add(harness.run(message, http: http))
        }
        let text = table.render()
        XCTAssertTrue(text.contains("ir→ip 1000.000ms, certConf→pkiconf 1000.000ms"), text)
        XCTAssertTrue(text.contains("3000.000ms"), text)
    }

    func testCertConfHashMismatch() {
        var harness = AnalysisHarness()
        var sequence = cleanEnrollment()
        sequence[2].body = TestMessage.certConf(hash: Array(repeating: 0, count: 32))
        let messages = run(sequence, harness: &harness)
        XCTAssertEqual(codes(messages[2]), ["cmp.tx.cert-conf.hash-mismatch"])
        // hashAlg SHA-512 over the same certificate: the SHA-256 value no longer matches.
        var harness2 = AnalysisHarness()
        var withAlg = cleanEnrollment()
        withAlg[2].pvno = 3
        withAlg[2].body = TestMessage.certConf(hash: certificateHash, hashAlg: "2.16.840.1.101.3.4.2.3")
        XCTAssertEqual(codes(run(withAlg, harness: &harness2)[2]), ["cmp.tx.cert-conf.hash-mismatch"])
    }

    func testTransactionIDMismatchJoinsTheWaitingRequest() {
        var harness = AnalysisHarness()
        let ir = TestMessage()
        var error = ir.answer(TestMessage.error(), nonce: 0x31)
        error.transactionID = Array(repeating: 0x99, count: 16)
        let messages = run([ir, error], harness: &harness)
        XCTAssertEqual(messages[1].transaction?.index, 1)
        XCTAssertEqual(messages[1].transaction?.outcome, .error)
        XCTAssertTrue(codes(messages[1]).contains("cmp.tx.transaction-id.mismatch"))
        var echo = AnalysisHarness()
        XCTAssertFalse(codes(run([ir, ir.answer(TestMessage.error(), nonce: 0x31)], harness: &echo)[1]).contains("cmp.tx.transaction-id.mismatch"))
    }

    func testNonceRules() {
        let ir = TestMessage()
        var wrongRecip = ir.answer(TestMessage.certRep(status: 2), nonce: 0x31)
        wrongRecip.recipNonce = Array(repeating: 0x77, count: 16)
        var missingRecip = wrongRecip
        missingRecip.recipNonce = nil
        var reused = ir.answer(TestMessage.certRep(status: 2), nonce: 0x31)
        reused.senderNonce = ir.senderNonce
        var firstWithRecip = TestMessage()
        firstWithRecip.recipNonce = Array(repeating: 0x55, count: 16)
        let cases: [(String, [TestMessage], Int, String?)] = [
            ("recipNonce echoes", [ir, ir.answer(TestMessage.certRep(status: 2), nonce: 0x31)], 1, nil),
            ("recipNonce wrong", [ir, wrongRecip], 1, "cmp.tx.recip-nonce.mismatch"),
            ("recipNonce missing", [ir, missingRecip], 1, "cmp.tx.recip-nonce.mismatch"),
            ("senderNonce reused", [ir, reused], 1, "cmp.tx.sender-nonce.reused"),
            ("recipNonce in first message", [firstWithRecip], 0, "cmp.header.recip-nonce.in-first-message"),
            ("no recipNonce in first message", [ir], 0, nil),
            ("capture starts at a certConf", [TestMessage().answer(TestMessage.certConf(hash: [1]), nonce: 0x31)], 0, nil),
        ]
        for (name, sequence, position, expected) in cases {
            var harness = AnalysisHarness()
            let found = codes(run(sequence, harness: &harness)[position])
            XCTAssertEqual(found, expected.map { [$0] } ?? [], name)
        }
    }

    func testResponseTypeRules() {
        let cases: [(PKIBodyType, [UInt8], Bool)] = [
            (.ir, TestMessage.certRep(.ip, status: 2), false),
            (.ir, TestMessage.certRep(.cp, status: 2), true),
            (.cr, TestMessage.certRep(.cp, status: 2), false),
            (.kur, TestMessage.certRep(.ip, status: 2), true),
            (.genm, TestMessage.genp, false),
            (.genm, TestMessage.rp(), true),
            (.ir, TestMessage.error(), false),
            (.ir, TestMessage.pkiconf, true),
        ]
        for (requestType, answer, mismatch) in cases {
            var request = TestMessage()
            request.body = requestType == .genm ? TestMessage.genm : TestMessage.ir(requestType)
            var harness = AnalysisHarness()
            let found = codes(run([request, request.answer(answer, nonce: 0x31)], harness: &harness)[1])
            XCTAssertEqual(found.contains("cmp.tx.response-type.mismatch"), mismatch, "\(requestType.name) → \(answer[0])")
        }
    }

    func testImplicitConfirm() {
        let implicitConfirm = DER.itav("1.3.6.1.5.5.7.4.13", DER.null)
        var requested = TestMessage()
        requested.generalInfo = [implicitConfirm]
        var granted = requested.answer(TestMessage.certRep(certificate: certificate), nonce: 0x31)
        granted.generalInfo = [implicitConfirm]
        var harness = AnalysisHarness()
        let messages = run([requested, granted], harness: &harness)
        XCTAssertEqual(codes(messages[1]), [])
        XCTAssertEqual(messages[1].transaction?.confirmation, "implicitConfirm")
        XCTAssertTrue(TransactionRules.closingFindings(for: messages[1].transaction!).isEmpty)

        let plain = TestMessage()
        var unrequested = plain.answer(TestMessage.certRep(certificate: certificate), nonce: 0x31)
        unrequested.generalInfo = [implicitConfirm]
        var harness2 = AnalysisHarness()
        XCTAssertEqual(codes(run([plain, unrequested], harness: &harness2)[1]), ["cmp.tx.implicit-confirm.unrequested"])
    }

    func testClosingFindings() {
        let ir = TestMessage()
        let ip = ir.answer(TestMessage.certRep(certificate: certificate), nonce: 0x31)
        let rejection = ir.answer(TestMessage.certRep(status: 2), nonce: 0x31)
        let cases: [(String, [TestMessage], Set<String>)] = [
            ("request only", [ir], ["cmp.tx.incomplete"]),
            ("certificate never confirmed", [ir, ip], ["cmp.tx.cert-conf.missing"]),
            ("certConf without pkiconf", Array(cleanEnrollment().prefix(3)), ["cmp.tx.incomplete"]),
            ("confirmed", cleanEnrollment(), []),
            ("rejected: nothing to confirm", [ir, rejection], []),
        ]
        for (name, sequence, expected) in cases {
            var harness = AnalysisHarness()
            var table = TransactionTable()
            run(sequence, harness: &harness).forEach { table.add($0) }
            XCTAssertEqual(Set(table.closingFindings.map(\.code.rawValue)), expected, name)
        }
    }

    func testPolling() {
        let ir = TestMessage()
        let waiting = ir.answer(TestMessage.certRep(status: 3), nonce: 0x31)
        let poll1 = waiting.answer(TestMessage.pollReq(), nonce: 0x41)
        let rep = poll1.answer(TestMessage.pollRep(checkAfter: 1), nonce: 0x51)
        let poll2 = rep.answer(TestMessage.pollReq(), nonce: 0x61)
        let ip = poll2.answer(TestMessage.certRep(certificate: certificate), nonce: 0x71)
        let certConf = ip.answer(TestMessage.certConf(hash: certificateHash), nonce: 0x81)
        let pkiconf = certConf.answer(TestMessage.pkiconf, nonce: 0x91)
        var harness = AnalysisHarness()
        let messages = run([ir, waiting, poll1, rep, poll2, ip, certConf, pkiconf], harness: &harness)
        XCTAssertEqual(messages.map { $0.transaction?.outcome },
                       [.incomplete, .waiting, .waiting, .waiting, .waiting, .accepted, .accepted, .accepted])
        XCTAssertEqual(messages.last?.transaction?.pollingRounds, 2)
        XCTAssertEqual(messages.last?.transaction?.confirmation, "certConf+pkiconf")
        for message in messages { XCTAssertEqual(codes(message), [], message.summary?.body?.name ?? "") }
        XCTAssertTrue(messages[2].findings.contains { $0.code.rawValue == "cmp.tx.polling" })
        XCTAssertFalse(messages[0].findings.contains { $0.code.rawValue == "cmp.tx.polling" })
        var table = TransactionTable()
        messages.forEach { table.add($0) }
        XCTAssertEqual(table.rows.first?.outcomePath, "waiting→polled→accepted")
        var unfinished = TransactionTable()
        messages.prefix(4).forEach { unfinished.add($0) }
        XCTAssertEqual(unfinished.rows.first?.outcomePath, "waiting→polled")
        XCTAssertEqual(Set(unfinished.closingFindings.map(\.code.rawValue)), ["cmp.tx.incomplete"])
    }

    func testSenderRecipientAndProtectionKind() {
        let ir = TestMessage()
        var otherRecipient = ir.answer(TestMessage.certRep(status: 2), nonce: 0x31)
        otherRecipient.recipient = DER.directoryName("someone else")
        var signed = ir.answer(TestMessage.certRep(status: 2), nonce: 0x31)
        signed.protectionAlg = DER.algorithm("1.2.840.10045.4.3.2")
        let cases: [(String, TestMessage, Set<String>)] = [
            ("same names and kind", ir.answer(TestMessage.certRep(status: 2), nonce: 0x31), []),
            ("other recipient", otherRecipient, ["cmp.tx.sender-recipient.mismatch"]),
            ("MAC then signature", signed, ["cmp.protection.kind-changed"]),
        ]
        for (name, answer, expected) in cases {
            var harness = AnalysisHarness()
            let found = codes(run([ir, answer], harness: &harness)[1]).filter { $0.hasPrefix("cmp.tx.") || $0 == "cmp.protection.kind-changed" }
            XCTAssertEqual(found, expected, name)
        }
    }

    /// Insta answers some requests with HTTP 503 and no PKIMessage: the transaction ends in error.
    func testHTTPErrorWithoutPKIMessageEndsTheTransaction() {
        var harness = AnalysisHarness()
        var table = TransactionTable()
        table.add(harness.run(TestMessage(), http: HTTPInfo(kind: .request, version: "1.1", method: "POST", uri: "/.well-known/cmp")))
        let envelope = CMPEnvelope(transport: .http(HTTPInfo(kind: .response, version: "1.1", status: 503)),
                                   frames: [FrameRef(number: 9, timestamp: Timestamp(seconds: 3, nanoseconds: 0))],
                                   pkiMessage: nil, connectionIndex: 0)
        var error = DissectedMessage(index: 2, envelope: envelope, summary: nil, findings: [])
        harness.analyzer.analyze(&error)
        XCTAssertEqual(error.transaction?.index, 1)
        XCTAssertEqual(error.transaction?.outcome, .error)
        table.add(error)
        XCTAssertTrue(table.render().contains("ir→HTTP 503 2000.000ms"), table.render())
        XCTAssertEqual(table.closingFindings.map(\.code.rawValue), [])
        // A 200 without a body, or an error on a connection with no waiting request, is not put anywhere.
        var stray = error
        stray.transaction = nil
        harness.analyzer.analyze(&stray)
        XCTAssertNil(stray.transaction)
    }

    func testPvnoOfResponse() {
        for (answerPvno, flagged) in [(2, false), (3, true), (1, true)] {
            let request = TestMessage()
            var answer = request.answer(TestMessage.certRep(status: 2), nonce: 0x31)
            answer.pvno = answerPvno
            var harness = AnalysisHarness()
            let found = codes(run([request, answer], harness: &harness)[1])
            XCTAssertEqual(found.contains("cmp.tx.pvno.mismatch"), flagged, "pvno \(answerPvno)")
        }
    }

    func testCertReqIdOfResponses() {
        var p10cr = TestMessage()
        p10cr.body = TestMessage.body(.p10cr, DER.sequence())
        let cases: [(String, TestMessage, [UInt8], Bool)] = [
            ("p10cr answered -1", p10cr, TestMessage.certRep(.cp, status: 2, certReqId: -1), false),
            ("p10cr answered 0", p10cr, TestMessage.certRep(.cp, status: 2, certReqId: 0), true),
            ("ir 0 answered 0", TestMessage(), TestMessage.certRep(status: 2, certReqId: 0), false),
            ("ir 0 answered 5", TestMessage(), TestMessage.certRep(status: 2, certReqId: 5), true),
        ]
        for (name, request, answer, flagged) in cases {
            var harness = AnalysisHarness()
            let found = codes(run([request, request.answer(answer, nonce: 0x31)], harness: &harness)[1])
            XCTAssertEqual(found.contains("cmp.body.cert-req-id.unexpected"), flagged, name)
        }
    }

    func testTransactionsAcrossIdsAndReuse() {
        var harness = AnalysisHarness()
        var second = TestMessage()
        second.transactionID = Array(repeating: 0x12, count: 16)
        second.senderNonce = Array(repeating: 0x22, count: 16)
        let first = cleanEnrollment()
        let messages = run(first + [second, TestMessage()], harness: &harness)
        XCTAssertEqual(messages.map { $0.transaction?.index }, [1, 1, 1, 1, 2, 3])
    }

    func testTableRendersEveryTransaction() {
        var harness = AnalysisHarness()
        var table = TransactionTable()
        run(cleanEnrollment(), harness: &harness).forEach { table.add($0) }
        var genm = TestMessage()
        genm.body = TestMessage.genm
        genm.transactionID = Array(repeating: 0x13, count: 16)
        table.add(harness.run(genm))
        let text = table.render()
        XCTAssertTrue(text.hasPrefix("CMP transactions: 2\n"), text)
        XCTAssertTrue(text.contains("certConf+pkiconf"), text)
        XCTAssertTrue(text.contains("[note: cmp.tx.incomplete] transaction 2 (genm)"), text)
    }
}

final class TransactionTableInputTests: XCTestCase {
    /// Two inputs both number their transactions from 1: the table keeps them apart.
    func testEachInputGetsItsOwnRows() {
        func message(_ index: Int, tid: UInt8, body: PKIBodyType) -> DissectedMessage {
            var summary = CMPMessageSummary(length: 10)
            summary.body = body
            summary.transactionID = [tid]
            var message = DissectedMessage(index: index, envelope: CMPEnvelope(
                transport: .file, frames: [FrameRef(number: index, timestamp: .zero)], pkiMessage: nil),
                summary: summary, findings: [])
            message.transaction = TransactionRef(index: 1, kind: "genm", outcome: .incomplete)
            return message
        }
        var table = TransactionTable()
        table.add(message(1, tid: 1, body: .genm))
        table.beginInput()
        table.add(message(1, tid: 2, body: .genm))
        XCTAssertEqual(table.rows.count, 2)
    }
}
