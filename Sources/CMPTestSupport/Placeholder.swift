// Placeholder until the CMPTestSupport stage lands.
