// Placeholder until the CMPPacket stage lands.
