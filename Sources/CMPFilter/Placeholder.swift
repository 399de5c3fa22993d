// Placeholder until the CMPFilter stage lands.
