#!/usr/bin/env python3
"""Reads a `perf record -g` profile of cmpdissect the ways that were useful for issue 7.

    perf record -F 2000 -g -o /tmp/perf.data .build/release/cmpdissect CAPTURE > /dev/null
    scripts/bench/perf-report.py owners    /tmp/perf.data [N] [--exclude REGEX]
    scripts/bench/perf-report.py inclusive /tmp/perf.data REGEX...
    scripts/bench/perf-report.py callers   /tmp/perf.data REGEX [DEPTH]
    scripts/bench/perf-report.py leaves    /tmp/perf.data REGEX [N]

owners:    each sample charged to the nearest frame of our own code (a CMP* module or cmpdissect),
           so library time (swift-asn1, malloc, retain/release) counts against the caller that
           asked for it: the view that shows what to change. Samples in hand-written assembly
           (BoringSSL's P-256) often lose their stack and show as <none>.
inclusive: the share of samples with a frame matching each REGEX (mangled names: match on
           fragments such as 'TCPReassemblerV6ingest'; a type name also matches functions that
           merely take it as an argument).
callers:   for samples in a matching frame, the chain of DEPTH frames above it.
leaves:    for samples with a matching frame, the leaf functions they were in.
Names are demangled with swift-demangle. Run with CMPDISSECT_THREADS=1 for one thread's view.
"""
import collections, re, subprocess, sys

OWN = re.compile(r'^\$s(\d+)(CMP[A-Za-z]+|cmpdissect)')
_demangled = {}


def demangle(name):
    if not name.startswith('$'):
        return name
    if name not in _demangled:
        out = subprocess.run(['swift-demangle', '-simplified', '-compact', name], capture_output=True, text=True)
        _demangled[name] = out.stdout.strip() or name
    return _demangled[name]


def samples(data):
    out = subprocess.run(['perf', 'script', '-i', data, '-F', 'ip,sym', '--no-demangle'],
                         capture_output=True, text=True, check=True).stdout
    stack = []
    for line in out.split('\n'):
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        parts = line.strip().split(None, 1)
        stack.append(parts[1] if len(parts) > 1 else '?')
    if stack:
        yield stack


def share(count, total):
    return f"{100 * count / total:5.1f}%"


def owners(data, top=40, exclude=None):
    counts, total = collections.Counter(), 0
    for stack in samples(data):
        total += 1
        if exclude and any(exclude.search(frame) for frame in stack):
            continue
        counts[next((f for f in stack if OWN.match(f)), '<none> ' + stack[0][:60])] += 1
    print('samples', total)
    for name, count in counts.most_common(top):
        print(share(count, total), demangle(name)[:150])


def inclusive(data, patterns):
    stacks = list(samples(data))
    print('samples', len(stacks))
    for pattern in patterns:
        regex = re.compile(pattern)
        count = sum(1 for stack in stacks if any(regex.search(frame) for frame in stack))
        print(share(count, len(stacks)), pattern)


def callers(data, pattern, depth=1):
    regex, counts, total = re.compile(pattern), collections.Counter(), 0
    for stack in samples(data):
        total += 1
        for index, frame in enumerate(stack):
            if regex.search(frame):
                counts[' <- '.join(demangle(f)[:100] for f in stack[index:index + 1 + depth])] += 1
                break
    for chain, count in counts.most_common(25):
        print(share(count, total), chain)


def leaves(data, pattern, top=25):
    regex, counts, total, matching = re.compile(pattern), collections.Counter(), 0, 0
    for stack in samples(data):
        total += 1
        if any(regex.search(frame) for frame in stack):
            matching += 1
            counts[stack[0]] += 1
    print('matching', share(matching, total))
    for name, count in counts.most_common(top):
        print(share(count, total), demangle(name)[:140])


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    command, data, rest = argv[1], argv[2], argv[3:]
    if command == 'owners':
        exclude = None
        if '--exclude' in rest:
            at = rest.index('--exclude')
            exclude = re.compile(rest[at + 1])
            rest = rest[:at] + rest[at + 2:]
        owners(data, int(rest[0]) if rest else 40, exclude)
    elif command == 'inclusive' and rest:
        inclusive(data, rest)
    elif command == 'callers' and rest:
        callers(data, rest[0], int(rest[1]) if len(rest) > 1 else 1)
    elif command == 'leaves' and rest:
        leaves(data, rest[0], int(rest[1]) if len(rest) > 1 else 25)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
