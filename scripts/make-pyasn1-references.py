#!/usr/bin/env python3
"""Writes NAME.pyasn1.json beside every Fixtures/messages/NAME.der (and Fixtures/messages/external):
the summary facts of the PKIMessage as pyasn1-modules (or its continuation pyasn1-alt-modules) decodes it, a decoder that shares no code
with ours. Tests/CMPMessagesTests/PyASN1ReferenceTests.swift compares them with CMPSummaryDecoder.

Run by hand after the fixtures change (CI and `swift test` only read the JSON files):

    pip install pyasn1-alt-modules      # or pyasn1-modules, see below
    python3 scripts/make-pyasn1-references.py [--module MODULE] [DIR ...]

The first of MODULES that imports is used, and named with its version in every file. pyasn1-modules
0.4.2 has no rfc9480; its rfc4210 is RFC 4210 (2005) as written then, without RFC 9480/9810
structures, and its rfc2511.GeneralName is a placeholder OCTET STRING, so every rp with revCerts
fails there. pyasn1-alt-modules (Russ Housley's continuation of pyasn1-modules, same BSD licence)
has rfc9480 and rfc9810. A message the module cannot decode gets a file with "error" and no facts,
and the Swift test has to name it as an expected failure.

Field names follow the ASN.1; the only renaming is pyasn1-modules' genp alternative, which its
rfc4210 calls "gen". Facts are taken in body order, as CMPMessageSummary keeps them; failInfo is the sorted set of
bits set in any PKIStatusInfo of the body.
"""
import argparse
import importlib
import json
import pathlib
from importlib.metadata import version

from pyasn1.codec.der import decoder

MODULES = ["pyasn1_alt_modules.rfc9810", "pyasn1_alt_modules.rfc9480",
           "pyasn1_modules.rfc9480", "pyasn1_modules.rfc4210"]
ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "Fixtures/messages", ROOT / "Fixtures/messages/external"]
# pyasn1-modules' alternative names that are not RFC 4210's.
BODY_NAMES = {"gen": "genp"}
CERT_REQ_BODIES = {"ir", "cr", "kur", "krr", "ccr"}
CERT_REP_BODIES = {"ip", "cp", "kup", "ccp"}


def present(value):
    return value is not None and value.isValue


def facts(message):
    header, body = message["header"], message["body"]
    name = BODY_NAMES.get(body.getName(), body.getName())
    content = body.getComponent()
    out = {
        "pvno": int(header["pvno"]),
        "body": name,
        "certReqIds": [],
        "statuses": [],
        "failInfo": [],
        "checkAfter": [],
        "generalInfoTypes": [],
        "bodyInfoTypes": [],
    }
    for field in ("transactionID", "senderNonce", "recipNonce", "senderKID"):
        if present(header[field]):
            out[field] = bytes(header[field]).hex()
    if present(header["protectionAlg"]):
        out["protectionAlg"] = str(header["protectionAlg"]["algorithm"])
    if present(header["generalInfo"]):
        out["generalInfoTypes"] = [str(itav["infoType"]) for itav in header["generalInfo"]]

    fail_bits = set()

    def status_info(info):
        out["statuses"].append(int(info["status"]))
        if present(info["failInfo"]):
            fail_bits.update(bit for bit, value in enumerate(info["failInfo"]) if value)

    if name in CERT_REQ_BODIES:
        out["certReqIds"] = [int(msg["certReq"]["certReqId"]) for msg in content]
    elif name in CERT_REP_BODIES:
        for response in content["response"]:
            out["certReqIds"].append(int(response["certReqId"]))
            status_info(response["status"])
    elif name == "krp":
        status_info(content["status"])
    elif name == "rp":
        for info in content["status"]:
            status_info(info)
    elif name == "rann":
        out["statuses"].append(int(content["status"]))
    elif name == "error":
        status_info(content["pKIStatusInfo"])
    elif name == "certConf":
        for status in content:
            out["certReqIds"].append(int(status["certReqId"]))
            if present(status["statusInfo"]):
                status_info(status["statusInfo"])
    elif name == "pollReq":
        out["certReqIds"] = [int(entry["certReqId"]) for entry in content]
    elif name == "pollRep":
        out["certReqIds"] = [int(entry["certReqId"]) for entry in content]
        out["checkAfter"] = [int(entry["checkAfter"]) for entry in content]
    elif name in ("genm", "genp"):
        out["bodyInfoTypes"] = [str(itav["infoType"]) for itav in content]
    out["failInfo"] = sorted(fail_bits)
    return out


def load(names):
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            pass
    raise SystemExit(f"none of {', '.join(names)} imports: pip install pyasn1-alt-modules")


def reference(cmp, der):
    package, module = cmp.__name__.split(".")
    distribution = package.replace("_", "-")
    out = {
        "decoder": f"{distribution} {version(distribution)} ({module}.PKIMessage), pyasn1 {version('pyasn1')}",
        "length": len(der),
    }
    try:
        message, rest = decoder.decode(der, asn1Spec=cmp.PKIMessage())
        out.update(facts(message))
        out["length"] = len(der) - len(rest)
    except Exception as error:  # pyasn1 raises PyAsn1Error, but a module gap can raise anything
        out["error"] = f"{type(error).__name__}: {error}".strip()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--module", help=f"the ASN.1 module to decode with (default: first of {MODULES})")
    parser.add_argument("dirs", nargs="*", type=pathlib.Path)
    args = parser.parse_args()
    cmp = load([args.module] if args.module else MODULES)
    for directory in [d.resolve() for d in args.dirs] or [d for d in DEFAULT_DIRS if d.is_dir()]:
        for path in sorted(directory.glob("*.der")):
            result = reference(cmp, path.read_bytes())
            target = path.with_suffix(".pyasn1.json")
            target.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
            print(f"{target}: {result.get('error') or result['body']}")


if __name__ == "__main__":
    main()
