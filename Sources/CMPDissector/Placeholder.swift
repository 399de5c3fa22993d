// Placeholder until the CMPDissector stage lands.
