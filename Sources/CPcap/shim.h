#ifndef CMPDISSECT_CPCAP_SHIM_H
#define CMPDISSECT_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
