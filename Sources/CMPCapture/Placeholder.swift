// Placeholder until the CMPCapture stage lands.
