// Placeholder until the CMPPipeline stage lands.
