// Placeholder until the capture generator lands.
print("cmpdissect-gen")
