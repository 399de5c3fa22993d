// Placeholder until the CMPReassembly stage lands.
