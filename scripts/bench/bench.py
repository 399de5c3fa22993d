#!/usr/bin/env python3
"""Side-by-side benchmark of cmpdissect, tshark and the libpcap floor on generated captures.

Run through scripts/bench/run.sh (which builds the release binaries and the floor program).
Every reader runs on the same file in one run, alternating (floor, cmpdissect summary, -T jsonl,
-V, tshark summary, tshark -V, then again), REPEATS times; the table shows the best wall time
(the machine is shared, so the minimum is the least disturbed run) and the largest peak RSS.
Wall time and peak RSS come from /usr/bin/time; output goes to /dev/null. Message counts come
from one extra, untimed run per reader and capture, checked against the generator's ground truth.
The dependency ceiling (skip with --no-ceiling) times what the libpcap floor, swift-asn1's DER parse
and swift-crypto's signature verification alone take on each capture's messages: the bound no
pipeline built on them can pass on this machine's cores.
"""
import argparse, collections, json, os, platform, re, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, ".bench")
RELEASE = os.path.join(ROOT, ".build", "release")


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def timed(argv, env=None):
    """(wall seconds, peak RSS MiB) of one run with stdout to /dev/null."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        with open(os.devnull, "w") as null:
            rc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name] + argv,
                                stdout=null, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, **(env or {}))).returncode
        wall = time.perf_counter() - start
        fields = report.read().split()
    if rc != 0:
        sys.exit("benchmark: %s exited with %d" % (" ".join(argv), rc))
    return wall, int(fields[-1]) / 1024.0


def generate(size, seed):
    path = os.path.join(BENCH, "mixed-%s-s%d.pcap" % (size, seed))
    if not (os.path.exists(path) and os.path.exists(path + ".truth.json")):
        print("generating %s ..." % path, file=sys.stderr)
        start = time.perf_counter()
        subprocess.run([os.path.join(RELEASE, "cmpdissect-gen"), "-o", path, "-s", size, "--seed", str(seed),
                        "--messages", os.path.join(ROOT, "Fixtures", "messages")], check=True,
                       stdout=subprocess.DEVNULL)
        print("  %.1f s" % (time.perf_counter() - start), file=sys.stderr)
    with open(path + ".truth.json") as f:
        return path, json.load(f)


def tshark_decode_as(truth):
    args = []
    for port in truth["tcpmsg_ports"]:
        args += ["-d", "tcp.port==%d,cmp" % port]
    for port in truth["http_ports"]:
        if port not in (80, 8080):
            args += ["-d", "tcp.port==%d,http" % port]
    return args


def count_cmpdissect(binary, capture):
    """Messages by body/transport, from -T jsonl."""
    counts = collections.Counter()
    proc = subprocess.Popen([binary, "-T", "jsonl", capture], stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        obj = json.loads(line)
        counts["%s/%s" % (obj.get("body"), obj.get("transport"))] += 1
    proc.wait()
    return counts


def count_tshark(capture, truth):
    """CMP messages tshark decodes, by body/transport (one packet can carry several PDUs)."""
    tcpmsg = set(truth["tcpmsg_ports"])
    out = subprocess.run(["tshark", "-r", capture] + tshark_decode_as(truth) +
                         ["-Y", "cmp", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
                          "-e", "cmp.body", "-e", "tcp.srcport", "-e", "tcp.dstport"],
                         capture_output=True, text=True).stdout
    names = {0: "ir", 1: "ip", 2: "cr", 3: "cp", 4: "p10cr", 7: "kur", 8: "kup", 11: "rr", 12: "rp", 19: "pkiconf",
             21: "genm", 22: "genp", 23: "error", 24: "certConf", 25: "pollReq", 26: "pollRep"}
    counts = collections.Counter()
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0]:
            continue
        ports = {int(p) for p in parts[1:3] if p.isdigit()}
        transport = "tcpmsg" if ports & tcpmsg else "http"
        for body in parts[0].split(","):
            name = names.get(int(body), body) if body.isdigit() else body
            counts["%s/%s" % (name, transport)] += 1
    return counts


def compare(found, truth):
    expected = collections.Counter(truth["by_body_transport"])
    missing = sum((expected - found).values())
    extra = sum((found - expected).values())
    return sum(found.values()), missing, extra


def has_verbose(binary):
    return re.search(r"^\s*-V\b", sh("%s --help" % binary), re.M) is not None


def machine():
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    mem = sh("free -g | awk '/^Mem:/ {print $2}'")
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": "%s GiB" % mem, "kernel": platform.release(),
        "swift": sh("swift --version 2>&1 | head -1"),
        "tshark": sh("tshark --version 2>/dev/null | head -1 | sed 's/\\.Running.*//'"),
        "libpcap": sh("dpkg-query -W -f '${Version}' libpcap0.8 2>/dev/null") or "?",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100M,1G", help="capture sizes, comma-separated, each optionally "
                        "SIZE:REPEATS (default 100M,1G)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-tshark", action="store_true", help="skip tshark even when installed")
    parser.add_argument("--no-count", action="store_true", help="skip the untimed counting runs")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the dependency ceiling (the time "
                        "swift-asn1 and swift-crypto alone take on the capture's messages)")
    parser.add_argument("--micro", default="20M", help="size of the CMP-only capture for the decoder "
                        "microbenchmark (0 = skip)")
    args = parser.parse_args()
    os.makedirs(BENCH, exist_ok=True)
    cmpdissect = os.path.join(RELEASE, "cmpdissect")
    floor = os.path.join(BENCH, "pcap-floor")
    use_tshark = not args.no_tshark and sh("command -v tshark") != ""
    verbose = has_verbose(cmpdissect)
    info = machine()
    lines = []
    out = lambda text="": (lines.append(text), print(text, flush=True))
    raw = open(os.path.join(BENCH, "runs.tsv"), "a")

    out("Machine: %(cpu)s, %(cores)s cores (shared), %(memory)s, Linux %(kernel)s" % info)
    out("Tools: %s; %s; libpcap %s" % (info["swift"], info["tshark"] or "tshark not installed", info["libpcap"]))
    out("Best of %s alternating runs; peak RSS is the largest of the runs. Date: %s UTC" %
        (args.sizes if ":" in args.sizes else args.repeats, time.strftime("%Y-%m-%d %H:%M", time.gmtime())))
    out()
    out("| capture | reader | wall s | MB/s | packets/s | CMP msgs/s | peak RSS MiB | vs tshark | of floor |")
    out("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    verdicts = []
    ceilings = []
    for entry in args.sizes.split(","):
        size, _, count = entry.partition(":")
        repeats = int(count) if count else args.repeats
        capture, truth = generate(size, args.seed)
        mb = truth["file_bytes"] / 1e6
        readers = [("libpcap floor (pcap_next_ex)", [floor, capture]),
                   ("cmpdissect", [cmpdissect, capture]),
                   ("cmpdissect -T jsonl", [cmpdissect, "-T", "jsonl", capture])]
        if verbose:
            readers.append(("cmpdissect -V", [cmpdissect, "-V", capture]))
        if use_tshark:
            decode = tshark_decode_as(truth)
            readers.append(("tshark -Y cmp", ["tshark", "-r", capture] + decode + ["-Y", "cmp"]))
            readers.append(("tshark -V -Y cmp", ["tshark", "-r", capture] + decode + ["-V", "-Y", "cmp"]))
        best, rss = {}, {}
        for run in range(repeats):
            for name, argv in readers:
                wall, peak = timed(argv)
                raw.write("%s\t%s\t%s\t%d\t%.3f\t%.1f\n" % (time.strftime("%H:%M:%S"), size, name, run, wall, peak))
                raw.flush()
                print("  %s %s run %d: %.2f s, %.1f MiB" % (size, name, run + 1, wall, peak), file=sys.stderr)
                best[name] = min(best.get(name, wall), wall)
                rss[name] = max(rss.get(name, 0), peak)
        found = {}
        if not args.no_count:
            found["cmpdissect"] = count_cmpdissect(cmpdissect, capture)
            if use_tshark:
                found["tshark"] = count_tshark(capture, truth)
        messages = {"cmpdissect": sum(found.get("cmpdissect", {}).values()) or truth["messages"],
                    "tshark": sum(found.get("tshark", {}).values())}
        label = "%s (%.0f MB, %d packets, %d CMP; best of %d)" % (size, mb, truth["frames"], truth["messages"], repeats)
        for name, _ in readers:
            wall = best[name]
            tool = "tshark" if name.startswith("tshark") else "cmpdissect"
            msgs = "" if name.startswith("libpcap") else "%.0f" % (messages[tool] / wall)
            versus = ""
            if use_tshark and name.startswith("cmpdissect"):
                ref = "tshark -V -Y cmp" if name == "cmpdissect -V" else "tshark -Y cmp"
                versus = "%.1f×" % (best[ref] / wall)
            of_floor = "" if name.startswith("libpcap") else "%.2f" % (best[readers[0][0]] / wall)
            out("| %s | %s | %.2f | %.0f | %.0f | %s | %.1f | %s | %s |" %
                (label, name, wall, mb / wall, truth["frames"] / wall, msgs, rss[name], versus, of_floor))
            label = ""
        # The targets, for this capture.
        summary = best["cmpdissect"]
        if use_tshark:
            verdicts.append("%s: summary %.1f× tshark (target ≥ 25×)" % (size, best["tshark -Y cmp"] / summary))
            if verbose:
                verdicts.append("%s: -V %.1f× tshark -V (target ≥ 20×)" % (size, best["tshark -V -Y cmp"] / best["cmpdissect -V"]))
        verdicts.append("%s: summary at %.2f of the libpcap floor (target ≥ 0.25)" % (size, best[readers[0][0]] / summary))
        peak = max(v for k, v in rss.items() if k.startswith("cmpdissect"))
        verdicts.append("%s: cmpdissect peak RSS %.1f MiB (target ≤ 64 MiB)" % (size, peak))
        for tool, counts in found.items():
            total, missing, extra = compare(counts, truth)
            verdicts.append("%s: %s found %d of the %d CMP messages planted (%d missing, %d extra)" %
                            (size, tool, total - extra, truth["messages"], missing, extra))
        if not args.no_ceiling:
            ceilings.append(ceiling(cmpdissect, capture, size, mb, best[readers[0][0]],
                                    best.get("tshark -Y cmp"), best["cmpdissect"], verdicts))
    if not verbose:
        verdicts.append("cmpdissect has no -V option in this build: its columns are skipped")
    if not use_tshark:
        verdicts.append("tshark not run (not installed or --no-tshark): its columns are skipped")
    out()
    for line in verdicts:
        out("- " + line)
    if ceilings:
        out()
        out("The dependency ceiling: what the libpcap floor, swift-asn1 and swift-crypto alone take on each "
            "capture's CMP messages (exported with --export-der, timed in process by "
            "`cmpdissect-gen --dependency-floor`, best of 3, one core), and the best any pipeline built on them "
            "could do with that work shared perfectly over %d cores and everything else (reassembly, framing, "
            "rules, output) free:" % CORES)
        out()
        out("| capture | libpcap floor s | DER.parse s (messages) | + one visit of every node s (nodes) | "
            "signature verification s (signatures) | ceiling MB/s, parse only | vs tshark | ceiling MB/s, parse + visit | vs tshark | cmpdissect of the parse + visit ceiling |")
        out("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in ceilings:
            out(row)
    if args.micro != "0":
        out()
        micro(cmpdissect, args.micro, args.repeats, verbose, out)
    with open(os.path.join(BENCH, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


CORES = os.cpu_count() or 1


def ceiling(cmpdissect, capture, size, mb, floor_wall, tshark_wall, summary_wall, verdicts):
    """One row of the dependency ceiling for `capture`; adds its verdict."""
    with tempfile.TemporaryDirectory(prefix="cmpdissect-ceiling-") as directory:
        subprocess.run([cmpdissect, "-q", "--export-der", directory, capture], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = subprocess.run([os.path.join(RELEASE, "cmpdissect-gen"), "--dependency-floor", directory],
                                capture_output=True, text=True, check=True)
    parts = {work: (int(count), float(seconds))
             for work, count, seconds in (line.split("\t") for line in result.stdout.strip().split("\n")[1:]
                                                  if not line.startswith("#"))}
    messages, parse = parts["der-parse"]
    nodes, visit = parts["der-parse-visit"]
    signatures, verify = parts["signature-verify"]
    fast = (floor_wall + parse + verify) / CORES
    full = (floor_wall + visit + verify) / CORES
    versus = lambda wall: "%.1f×" % (tshark_wall / wall) if tshark_wall else ""
    if tshark_wall:
        verdicts.append("%s: the dependencies alone cap the summary at %.1f× tshark (parse only) and %.1f× (parse "
                        "and one visit of every node); cmpdissect runs at %.0f%% of the second" %
                        (size, tshark_wall / fast, tshark_wall / full, 100 * full / summary_wall))
    return ("| %s | %.3f | %.3f (%d) | %.3f (%d) | %.3f (%d) | %.0f | %s | %.0f | %s | %.2f |" %
            (size, floor_wall, parse, messages, visit, nodes, verify, signatures, mb / fast, versus(fast),
             mb / full, versus(full), full / summary_wall))


def micro(cmpdissect, size, repeats, verbose, out):
    """Decoder microbenchmark: a capture of nothing but CMP (the fixture messages, re-keyed), so
    the time is the CMP decoding and rendering, plus the reading and framing it cannot avoid."""
    path = os.path.join(BENCH, "cmp-only-%s.pcap" % size)
    if not os.path.exists(path + ".truth.json"):
        subprocess.run([os.path.join(RELEASE, "cmpdissect-gen"), "-o", path, "-s", size, "--non-cmp", "0",
                        "--messages", os.path.join(ROOT, "Fixtures", "messages")], check=True,
                       stdout=subprocess.DEVNULL)
    with open(path + ".truth.json") as f:
        truth = json.load(f)
    count = truth["messages"]
    out("Decoder microbenchmark: a %s capture of CMP only (%d messages, the fixture PKIMessages re-keyed; "
        "no other traffic):" % (size, count))
    out()
    out("| mode | wall s | CMP messages/s | peak RSS MiB |")
    out("|---|---:|---:|---:|")
    modes = [("summary", [cmpdissect, path], {}),
             ("summary, one thread (CMPDISSECT_THREADS=1)", [cmpdissect, path], {"CMPDISSECT_THREADS": "1"}),
             ("-T jsonl", [cmpdissect, "-T", "jsonl", path], {})]
    if verbose:
        modes.append(("-V (full tree)", [cmpdissect, "-V", path], {}))
    for name, command, env in modes:
        runs = [timed(command, env) for _ in range(repeats)]
        walls = [wall for wall, _ in runs]
        out("| %s | %.2f | %.0f | %.1f |" % (name, min(walls), count / min(walls), max(peak for _, peak in runs)))
    # In process, no capture: each of the 36 fixture PKIMessages decoded over and over (best of 3).
    result = subprocess.run([os.path.join(RELEASE, "cmpdissect-gen"), "--decoder-benchmark",
                             os.path.join(ROOT, "Fixtures", "messages")], capture_output=True, text=True, check=True)
    rows = [line.split("\t") for line in result.stdout.strip().split("\n")[1:]]
    names = {"summary": "summary facts (typed swift-asn1 model)", "walk": "summary facts (tolerant walk, BER path)",
             "tree": "annotated tree (-V)"}
    out()
    out("In process, the %s fixture PKIMessages of Fixtures/messages decoded repeatedly "
        "(`cmpdissect-gen --decoder-benchmark Fixtures/messages`), one core:" % (rows[0][1] if rows else "0"))
    out()
    out("| decoding | messages/s |")
    out("|---|---:|")
    for work, _, rate in rows:
        out("| %s | %s |" % (names.get(work, work), "{:,}".format(int(rate))))


if __name__ == "__main__":
    main()
