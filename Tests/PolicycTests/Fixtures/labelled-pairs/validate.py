#!/usr/bin/env python3
"""Validate a file of labelled pairs: pairs.yaml by default, holdout.yaml with --file (stdlib + PyYAML).

Checks: unique kebab-case ids; labels and kinds from the fixed lists; every
seed edit's `replace` occurs exactly once (or at least once with all: true) in
the text as it stands when the edit is applied; the edited text differs from
the base; annotation ids used in the edited text are declared in
policies/vocabulary.yaml; every corpus `next` is the next row of the same
document in INDEX.tsv; every major entry has a `statement` found verbatim in
the new (or old) text -- for plain entries, in the annotation-stripped text.

Usage: python3 validate.py [--file holdout.yaml] [--corpus /work/shared/corpus] [--repo /work/main]
"""
import argparse, collections, csv, os, re, sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = {"major", "minor", "unchanged"}
KINDS = set("""polarity modality new-recipient recipient-removed new-data data-removed
new-purpose purpose-removed region-transfer retention condition-removed promise-withdrawn
right-narrowed right-added exception-added fee contact-changed controller update-clause
editorial duplicate-removed metadata reword-same reorder reflow-markup clarification mixed""".split())
BASES = {"sunmi-devices", "sunmi-intelligent-cameras", "sunmi-device-operation-data"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LINK_RE = re.compile(r"\[([^\]]*)\]\((item|recipient|region|term|purpose):([^)\s]*)\)")
ATTR_RE = re.compile(r"[ \t]*\{#[^}]*\}")


def strip_annotations(text):
    """What the harness does for form: plain."""
    text = LINK_RE.sub(lambda m: m.group(1), text)
    return ATTR_RE.sub("", text)


def apply_edits(text, edits, where, errors):
    for n, e in enumerate(edits, 1):
        old, new = e.get("replace"), e.get("with")
        if not isinstance(old, str) or not isinstance(new, str) or old == "":
            errors.append(f"{where}: edit {n}: needs non-empty string `replace` and string `with`")
            continue
        count = text.count(old)
        if e.get("all"):
            if count < 1:
                errors.append(f"{where}: edit {n}: `replace` not found: {old[:70]!r}")
                continue
            text = text.replace(old, new)
        else:
            if count != 1:
                errors.append(f"{where}: edit {n}: `replace` occurs {count} times (need 1): {old[:70]!r}")
                continue
            text = text.replace(old, new, 1)
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--repo", default=os.path.abspath(os.path.join(HERE, "../../../..")))
    ap.add_argument("--file", default=os.path.join(HERE, "pairs.yaml"))
    args = ap.parse_args()

    entries = yaml.safe_load(open(args.file, encoding="utf-8"))
    errors = []
    if not isinstance(entries, list):
        sys.exit("pairs.yaml must be a YAML list")

    vocab = yaml.safe_load(open(os.path.join(args.repo, "policies/vocabulary.yaml"), encoding="utf-8"))
    known = {
        "item": set(vocab.get("items", {})),
        "recipient": set(vocab.get("recipients", {})),
        "region": set(vocab.get("regions", {})),
        "term": set(vocab.get("terms", {})),
        "purpose": set(vocab.get("purposes", {}) or {}),
    }

    rows = list(csv.DictReader(open(os.path.join(args.corpus, "INDEX.tsv"), encoding="utf-8"), delimiter="\t"))
    by_path = {}
    docs = collections.defaultdict(list)
    for r in rows:
        docs[r["document"]].append(r["path"])
    for doc, paths in docs.items():
        for i, p in enumerate(paths):
            by_path[p] = (doc, paths[i + 1] if i + 1 < len(paths) else None)

    seen = set()
    base_cache = {}
    counts = collections.Counter()
    for i, e in enumerate(entries):
        eid = e.get("id")
        where = f"entry {i} ({eid})"
        if not isinstance(eid, str) or not ID_RE.match(eid):
            errors.append(f"{where}: id missing or not kebab-case")
        if eid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(eid)
        label, kind = e.get("label"), e.get("kind")
        if label not in LABELS:
            errors.append(f"{where}: bad label {label!r}")
        if kind not in KINDS:
            errors.append(f"{where}: bad kind {kind!r}")
        reason = e.get("reason")
        if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
            errors.append(f"{where}: reason must be one non-empty line")

        if "base" in e:
            if "corpus" in e:
                errors.append(f"{where}: has both base and corpus")
            base, form = e.get("base"), e.get("form")
            if base not in BASES:
                errors.append(f"{where}: bad base {base!r}")
                continue
            if form not in ("annotated", "plain"):
                errors.append(f"{where}: bad form {form!r}")
                continue
            if base not in base_cache:
                base_cache[base] = open(os.path.join(args.repo, "policies", base, "policy.md"), encoding="utf-8").read()
            old = base_cache[base]
            edits = e.get("edits")
            if not isinstance(edits, list) or not edits:
                errors.append(f"{where}: needs a non-empty edits list")
                continue
            new = apply_edits(old, edits, where, errors)
            if new == old:
                errors.append(f"{where}: edits leave the text unchanged")
            for m in LINK_RE.finditer(new):
                if m.group(3) not in known[m.group(2)]:
                    errors.append(f"{where}: annotation {m.group(2)}:{m.group(3)} not in vocabulary")
            if form == "plain":
                texts = [strip_annotations(new), strip_annotations(old)]
                if texts[0] == texts[1]:
                    errors.append(f"{where}: plain texts identical after stripping")
            else:
                texts = [new, old, strip_annotations(new), strip_annotations(old)]
            counts["form:" + form] += 1
            counts["base:" + base] += 1
            counts["source:seed"] += 1
        elif "corpus" in e:
            cur, nxt = e.get("corpus"), e.get("next")
            if cur not in by_path:
                errors.append(f"{where}: corpus path not in INDEX.tsv: {cur}")
                continue
            doc, real_next = by_path[cur]
            if nxt != real_next:
                errors.append(f"{where}: next is {nxt}, INDEX.tsv says {real_next}")
                continue
            old = open(os.path.join(args.corpus, cur), encoding="utf-8").read()
            new = open(os.path.join(args.corpus, nxt), encoding="utf-8").read()
            if old == new:
                errors.append(f"{where}: the two versions are byte-identical")
            texts = [new, old]
            counts["source:corpus"] += 1
            counts["doc:" + doc] += 1
        else:
            errors.append(f"{where}: needs base or corpus")
            continue

        st = e.get("statement")
        if label == "major" and not (isinstance(st, str) and st.strip()):
            errors.append(f"{where}: major entry needs a statement")
        elif st is not None and not any(st in t for t in texts):
            errors.append(f"{where}: statement not found verbatim in new/old text: {st!r}")
        counts["label:" + str(label)] += 1
        counts["kind:" + str(kind)] += 1

    for k in sorted(counts):
        print(f"{k}\t{counts[k]}")
    print(f"total\t{len(entries)}")
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for err in errors:
            print("  " + err, file=sys.stderr)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
