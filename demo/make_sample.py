#!/usr/bin/env python3
"""Writes demo/sample_codes.csv: the raw codes the demo imports.

Not run by `make demo`; the CSV is kept in the repository so the demo is
the same on every machine.  Re-run it (python3 demo/make_sample.py) after
changing the places or cases below, and commit both files.

The rows are what county offices send in: outfall codes, division codes and
unified social credit codes as staff type them (lower case, spaces, dashes,
full-width characters from a Chinese input method) and a share of broken
ones.  Every row carries the outcome the demo expects ("expect"); the demo
fails when the import disagrees.  The tags are those of demo/schema.sql
(demo.classify and the registry rules in demo/load.sql).

The places are the five seed plans: 黔江区 (阿蓬江), 柳城县 (柳江, 龙江,
融江), 昌吉市 (头屯河, 三屯河), Wuhan's districts on the Yangtze, and the
Jilin counties on the 松花江 and the 辽河.  The division codes are real
(checked against outfall.division by the demo); the water body codes and
type letters are made up for the demo (see sample_water_bodies.csv).  The
credit codes are generated with a correct check character, except the
broken ones; 91130200699229617X and 911302307808371268 are real.
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240601)

# --- places: batch, water body codes, county-level divisions --------------
PLACES = [
    ("qianjiang-2023", ["AP0100"], ["500114"], 40),
    ("liucheng-2023", ["LJ0100", "LG0100", "RJ0100"], ["450222"], 36),
    ("changji-2023", ["TT0100", "ST0100"], ["652301"], 30),
    ("wuhan-2021", ["CJ10"],
     ["420102", "420105", "420106", "420107", "420111", "420115"], 56),
    ("wuhan-2021", ["HJ20"], ["420104", "420105"], 8),
    ("jilin-2023", ["SH01"],
     ["220202", "220203", "220204", "220211", "220702", "220781"], 30),
    ("jilin-2023", ["LH01"], ["220382"], 6),
]
# illustrative type letters, weighted: most outfalls are "other" outlets
TYPES = ["QT"] * 8 + ["GY"] * 5 + ["NY"] * 3 + ["WS"] * 2

TOWNSHIPS = {
    "500114": "001 002 003 004 005 006 105 106 107 108 109 110 111 112 113 114 "
              "117 119 120 121 122 123 124 125 246 249 251 252 253 256",
    "450222": "100 101 102 103 104 105 106 107 108 109 200 202",
    "652301": "001 002 003 004 005 006 100 101 102 103 104 105 106 107 202 203",
    "220781": "001 002 003 004 005 100 101 102 103 104 105 106 107 108 109 110 111",
    "420106": "001 002 003 005 006 007 008 009 010 011 012 013 014 015",
}

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check(first17):
    """GB 32100-2015: 31 - (sum of value*weight mod 31), 31 -> 0."""
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# --- how staff type a code ------------------------------------------------
def messy_outfall(water, div, typ, seq):
    plain = f"{water}{div}{typ}{seq}"
    form = rng.choices(
        ["clean", "lower", "spaced", "dashed", "fullwidth", "ime", "padded",
         "ideographic", "emdash"],
        [44, 10, 10, 10, 6, 6, 6, 4, 4])[0]
    if form == "clean":
        return plain
    if form == "lower":
        return plain.lower()
    if form == "spaced":
        return f"{water} {div} {typ} {seq}"
    if form == "dashed":
        return f"{water}-{div}-{typ}-{seq}".lower()
    if form == "fullwidth":
        return fullwidth(plain)
    if form == "ime":                       # digits typed in full-width mode
        return water + fullwidth(div) + typ.lower() + fullwidth(seq)
    if form == "padded":
        return f"  {plain} "
    if form == "ideographic":
        return f"{water}\u3000{div}\u3000{typ}{seq}"
    return f"{water}\u2014{div}\u2014{typ}\u2014{seq}"


def messy_division(code):
    form = rng.choices(["clean", "spaced", "dashed", "fullwidth", "padded"],
                       [55, 15, 10, 10, 10])[0]
    if form == "clean":
        return code
    if form == "spaced":
        return " ".join([code[:2], code[2:4], code[4:6], code[6:]]).strip()
    if form == "dashed":
        return "-".join(p for p in [code[:2], code[2:4], code[4:6], code[6:]] if p)
    if form == "fullwidth":
        return fullwidth(code)
    return f" {code}  "


def messy_uscc(code):
    form = rng.choices(["clean", "lower", "spaced", "dashed", "fullwidth"],
                       [60, 12, 12, 6, 10])[0]
    if form == "clean":
        return code
    if form == "lower":
        return code.lower()
    if form == "spaced":
        return " ".join(code[i:i + 4] for i in range(0, 18, 4))
    if form == "dashed":
        return f"{code[:2]}-{code[2:8]}-{code[8:17]}-{code[17]}"
    return fullwidth(code)


rows = []                                   # (batch, kind, raw, expect)


def add(batch, kind, raw, expect="ok"):
    rows.append((batch, kind, raw, expect))


# --- outfall codes --------------------------------------------------------
issued = []                                 # (batch, water, div, typ, seq)
for batch, waters, divs, n in PLACES:
    seqs = {}
    for _ in range(n):
        water, div, typ = rng.choice(waters), rng.choice(divs), rng.choice(TYPES)
        seqs[(water, div, typ)] = seqs.get((water, div, typ), 0) + 1
        seq = f"{seqs[(water, div, typ)]:04d}"
        issued.append((batch, water, div, typ, seq))
        add(batch, "outfall", messy_outfall(water, div, typ, seq))

# the same outfall sent twice, typed differently the second time
for batch, water, div, typ, seq in rng.sample(issued, 6):
    add(batch, "outfall", f"{water}-{div}-{typ}-{seq}".lower(), "duplicate")

# broken outfall codes, as they turn up in ledgers
for batch, raw, expect in [
    ("qianjiang-2023", "AP0100500114GY0000", "seq0"),           # sequence 0000
    ("qianjiang-2023", "AP01005OO114QT0031", "segment"),        # letter O for zero
    ("qianjiang-2023", "ap0100 5001l4 qt 0032", "segment"),     # letter l for one
    ("qianjiang-2023", "AP0100500199QT0001", "unknown_division"),  # no such county
    ("qianjiang-2023", "AP01500114QT0033", "unknown_water"),    # "00" dropped
    ("qianjiang-2023", "阿蓬江500114QT0034", "char"),            # river name typed
    ("liucheng-2023", "LJ0100450200GY0001", "not_county"),      # 柳州市, not a county
    ("liucheng-2023", "LJ0100450299QT0001", "unknown_division"),
    ("liucheng-2023", "LJ0100-450222-QT-0000", "seq0"),
    ("liucheng-2023", "LG0100450222Q70005", "segment"),         # 7 for T
    ("liucheng-2023", "", "empty"),
    ("changji-2023", "TOUTUNHERIVER652301GY0005", "water_long"),  # 13 characters
    ("changji-2023", "TT0100652301GY00O7", "segment"),          # letter O in sequence
    ("changji-2023", "652301QT0009", "water_missing"),
    ("changji-2023", "ST0100 652301 QT 0010（拟）", "char"),      # note left in the cell
    ("wuhan-2021", "CJ10420106GY12", "segment"),                # short sequence shifts all
    ("wuhan-2021", "CJ10420106G10003", "segment"),              # digit in type letters
    ("wuhan-2021", "CJ10420108QT0001", "unknown_division"),
    ("wuhan-2021", "CJ1042010QT0002", "unknown_division"),      # digit dropped: CJ1+042010
    ("wuhan-2021", "GY0012", "length"),                         # type and sequence only
    ("wuhan-2021", "CJ10_420111_QT_0003", "char"),              # underscores
    ("wuhan-2021", "CJ10000000QT0001", "prov00"),
    ("wuhan-2021", "待补充", "char"),
    ("jilin-2023", "SH01220202GY0000", "seq0"),
    ("jilin-2023", "SH01 2202O2 QT 0041", "segment"),
    ("jilin-2023", "SH01220200QT0001", "not_county"),           # 吉林市, not a county
    ("jilin-2023", "DIERSONGHUAJIANG220202QT0001", "water_long"),
    ("jilin-2023", "-", "empty"),
]:
    add(batch, "outfall", raw, expect)

# --- division codes -------------------------------------------------------
for county, towns in TOWNSHIPS.items():
    batch = {"500114": "qianjiang-2023", "450222": "liucheng-2023",
             "652301": "changji-2023", "220781": "jilin-2023",
             "420106": "wuhan-2021"}[county]
    for t in rng.sample(towns.split(), min(8, len(towns.split()))):
        add(batch, "division", messy_division(county + t))
for batch, code in [("wuhan-2021", c) for c in
                    ["4201", "420102", "420105", "420111", "420115", "420117"]] + \
                   [("jilin-2023", c) for c in ["22", "2202", "220202", "2207", "220702"]] + \
                   [("qianjiang-2023", "50"), ("qianjiang-2023", "500114"),
                    ("liucheng-2023", "4502"), ("changji-2023", "6523")]:
    add(batch, "division", messy_division(code))
for batch, raw, expect in [
    ("qianjiang-2023", "500114000", "ok"),          # zero-padded county
    ("wuhan-2021", "420100", "ok"),                 # zero-padded city
    ("jilin-2023", "220000", "ok"),                 # zero-padded province
    ("qianjiang-2023", "5001141", "length"),
    ("qianjiang-2023", "50011", "length"),
    ("qianjiang-2023", "5OO114", "char"),
    ("qianjiang-2023", "黔江区", "char"),
    ("qianjiang-2023", "500199", "unknown_division"),
    ("wuhan-2021", "42O111", "char"),
    ("wuhan-2021", "420108", "unknown_division"),
    ("jilin-2023", "001234", "prov00"),
    ("jilin-2023", "220781999", "unknown_division"),
    ("changji-2023", "", "empty"),
    ("changji-2023", "6523０１", "ok"),               # half in full-width
    ("liucheng-2023", "130230", "unknown_division"),  # 唐海县, merged in 2012
]:
    add(batch, "division", raw, expect)

# --- unified social credit codes ------------------------------------------
REG = {
    "qianjiang-2023": ["500114"], "liucheng-2023": ["450222"],
    "changji-2023": ["652301", "652300"],
    "wuhan-2021": ["420102", "420106", "420111", "420115", "420100"],
    "jilin-2023": ["220202", "220211", "220781", "220200"],
}
PREFIXES = ["91"] * 10 + ["92"] * 3 + ["93"] + ["12"] + ["52"]
valid_uscc = []
for batch, divs in REG.items():
    for _ in range(11):
        prefix = rng.choice(PREFIXES)
        if prefix == "91" and rng.random() < 0.6:   # issued since 2015: MA...
            org = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(7))
        else:
            org = "".join(rng.choice("0123456789") for _ in range(8)) + \
                rng.choice("0123456789X")
        first17 = prefix + rng.choice(divs) + org
        code = first17 + uscc_check(first17)
        valid_uscc.append((batch, code))
        add(batch, "uscc", messy_uscc(code))
add("wuhan-2021", "uscc", "91130200699229617X")
add("wuhan-2021", "uscc", "911302307808371268")


def wrong_check(code):
    return code[:17] + rng.choice([c for c in USCC_ALPHABET if c != code[17]])


picks = iter(rng.sample(valid_uscc, 16))
for maker, expect in [
    (wrong_check, "check"), (wrong_check, "check"), (wrong_check, "check"),
    (lambda c: c[:9] + c[10] + c[9] + c[11:], "check"),   # two characters swapped
    (lambda c: c[:17], "length"),                          # check character left off
    (lambda c: c + "1", "length"),
    (lambda c: c[:10] + "O" + c[11:], "char"),             # letter O
    (lambda c: c[:12] + "I" + c[13:], "char"),             # letter I
    (lambda c: c[:4] + "A" + c[5:], "segment"),            # letter in the division
    (lambda c: c.lower()[:16] + "o" + c[17], "char"),
]:
    batch, code = next(picks)
    raw = maker(code)
    if expect == "check" and uscc_check(raw[:17]) == raw[17]:
        expect = "ok"                           # the swap kept the check valid
    add(batch, "uscc", raw, expect)
for batch, raw, expect in [
    ("qianjiang-2023", "500114000012345", "length"),     # old 15-digit 注册号
    ("liucheng-2023", "无", "char"),
    ("changji-2023", "", "empty"),
    ("jilin-2023", "9122020MA0Y3L8K1X", "length"),
]:
    add(batch, "uscc", raw, expect)

# --- write ----------------------------------------------------------------
with open(os.path.join(HERE, "sample_codes.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["batch", "kind", "raw", "expect"])
    for r in rows:
        w.writerow(r)
print(f"{len(rows)} rows written to sample_codes.csv")
