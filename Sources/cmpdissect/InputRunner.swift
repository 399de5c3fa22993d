import CMPCore
import CMPOutput
import CMPPipeline

/// Runs one input through the pipeline into the output sink.
enum InputRunner {
    static func run(path: String, filter: String?, options: PipelineOptions, output: inout OutputSink) throws(InputError) {
        _ = try InputDissection.dissect(path: path, filter: filter, options: options) { message, start in
            output.write(message, context: RenderContext(captureStart: start))
        }
    }
}
