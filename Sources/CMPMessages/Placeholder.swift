// Placeholder until the CMPMessages stage lands.
