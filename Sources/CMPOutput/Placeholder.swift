// Placeholder until the CMPOutput stage lands.
