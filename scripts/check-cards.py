#!/usr/bin/env python3
"""Checks the "next time" card of every report in a folder (the reports `make eval` writes for
synthesized answers, espeak or piper voices): a card is there whenever a finding above a note
is, every tip answers a finding, tips come in the findings' order, the first tip answers the
first finding that is more than a note, and a quoted tip quotes the answer's own words.

    python3 scripts/check-cards.py target/eval/dev2-piper/reports-tiny.en

Exits 1 and lists the reports that break a rule.
"""
import json, pathlib, sys

SEVERITY = {"info": 0, "suggestion": 1, "warning": 2, "problem": 3}


def problems(report):
    findings, card = report.get("findings", []), report.get("coaching", {}).get("next_time", [])
    codes = [f["code"] for f in findings]
    serious = [f for f in findings if SEVERITY.get(f.get("severity"), 1) > 0]
    if serious and not card:
        yield f"findings {[f['code'] for f in serious]} but no card"
    positions = []
    for tip in card:
        if tip["code"] not in codes:
            yield f"tip {tip['code']} has no finding"
            return
        positions.append(codes.index(tip["code"]))
    if positions != sorted(positions):
        yield f"tips out of the findings' order: {[t['code'] for t in card]}"
    if positions and any(SEVERITY.get(f.get("severity"), 1) > 0 for f in findings[: positions[0]]):
        yield f"{card[0]['code']} leads but {codes[0]} comes first"
    words = {w["text"] for w in report.get("words", [])}
    for tip in card:
        quote = (tip.get("quote") or "").removesuffix(" ...").split()
        if quote and quote[0] not in words:
            yield f"{tip['code']} quotes {tip['quote']!r}, not the answer's words"


def main():
    folder = pathlib.Path(sys.argv[1])
    reports = sorted(folder.glob("*.json"))
    if not reports:
        sys.exit(f"no reports in {folder}")
    bad, led = 0, 0
    for path in reports:
        report = json.loads(path.read_text())
        found = list(problems(report))
        led += bool(report.get("coaching", {}).get("next_time"))
        for p in found:
            print(f"{path.name}: {p}")
        bad += bool(found)
    print(f"cards: {len(reports) - bad}/{len(reports)} follow their findings ({led} with a tip)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
