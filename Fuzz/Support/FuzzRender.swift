import CMPCore
import CMPMessages
import CMPOutput

/// Decodes PKIMessages as `cmpdissect` does for file input and renders each as a summary line and
/// as JSON, so the renderers see every odd value the decoder lets through.
enum FuzzRender {
    static func decodeAndRender(_ messages: [[UInt8]]) {
        let decoder = CMPSummaryDecoder()
        for (index, der) in messages.enumerated() {
            let decoded = decoder.decode(der)
            let envelope = CMPEnvelope(transport: .file, frames: [FrameRef(number: index + 1, timestamp: .zero)],
                                       streamOffset: 0, pkiMessage: der)
            render(DissectedMessage(index: index + 1, envelope: envelope, summary: decoded.summary,
                                    findings: decoded.findings), captureStart: nil)
        }
    }

    static func render(_ message: DissectedMessage, captureStart: Timestamp?) {
        let context = RenderContext(captureStart: captureStart)
        let line = SummaryLine.render(message, context: context)
        let json = MessageJSON.render(message, context: context)
        fuzzCheck(!line.contains("\n"), "a summary line contains a newline: \(line)")
        fuzzCheck(!json.contains("\n"), "a JSON line contains a raw newline")
    }
}
