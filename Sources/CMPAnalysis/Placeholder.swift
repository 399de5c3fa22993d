// Placeholder until the CMPAnalysis stage lands.
