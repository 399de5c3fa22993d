// Placeholder until the CMPTransport stage lands.
