#!/usr/bin/env python3
"""Generate seed-data/regions.json from the N03 (2021) municipal boundaries.

Regions are data, never code: 47 prefectures, Hokkaido's 14 sub-prefecture bureaus (振興局), the West and East
Iburi wide-area zones (圏域) and the custom area of Noboribetsu's 2024 resource survey.  Each region lists the
5-digit local government codes (N03_007) of its members.

Python 3 standard library only; deterministic (same input -> byte-identical output).

    python3 scripts/seed-tools/generate_regions.py                # reads seed-data/boundaries/*.geojson.gz
    python3 scripts/seed-tools/generate_regions.py --check        # verify seed-data/regions.json is up to date
    python3 scripts/seed-tools/generate_regions.py --boundaries /work/shared/data/boundaries/n03-2021-japan-s0010.geojson

The script fails (non-zero exit) unless it finds 47 prefectures, 14 bureaus, 11 members in Iburi, 6 in West Iburi,
5 in East Iburi and 7 in the survey area.
"""
import argparse
import gzip
import json
import os
import sys
from collections import OrderedDict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_BOUNDARIES = os.path.join(ROOT, "seed-data", "boundaries", "n03-2021-japan-s0010.geojson.gz")
DEFAULT_OUTPUT = os.path.join(ROOT, "seed-data", "regions.json")

# 2-digit prefecture code -> (Japanese name as written in N03_001, romanised slug, English name)
PREFECTURES = [
    ("01", "北海道", "hokkaido", "Hokkaido"), ("02", "青森県", "aomori", "Aomori"),
    ("03", "岩手県", "iwate", "Iwate"), ("04", "宮城県", "miyagi", "Miyagi"),
    ("05", "秋田県", "akita", "Akita"), ("06", "山形県", "yamagata", "Yamagata"),
    ("07", "福島県", "fukushima", "Fukushima"), ("08", "茨城県", "ibaraki", "Ibaraki"),
    ("09", "栃木県", "tochigi", "Tochigi"), ("10", "群馬県", "gunma", "Gunma"),
    ("11", "埼玉県", "saitama", "Saitama"), ("12", "千葉県", "chiba", "Chiba"),
    ("13", "東京都", "tokyo", "Tokyo"), ("14", "神奈川県", "kanagawa", "Kanagawa"),
    ("15", "新潟県", "niigata", "Niigata"), ("16", "富山県", "toyama", "Toyama"),
    ("17", "石川県", "ishikawa", "Ishikawa"), ("18", "福井県", "fukui", "Fukui"),
    ("19", "山梨県", "yamanashi", "Yamanashi"), ("20", "長野県", "nagano", "Nagano"),
    ("21", "岐阜県", "gifu", "Gifu"), ("22", "静岡県", "shizuoka", "Shizuoka"),
    ("23", "愛知県", "aichi", "Aichi"), ("24", "三重県", "mie", "Mie"),
    ("25", "滋賀県", "shiga", "Shiga"), ("26", "京都府", "kyoto", "Kyoto"),
    ("27", "大阪府", "osaka", "Osaka"), ("28", "兵庫県", "hyogo", "Hyogo"),
    ("29", "奈良県", "nara", "Nara"), ("30", "和歌山県", "wakayama", "Wakayama"),
    ("31", "鳥取県", "tottori", "Tottori"), ("32", "島根県", "shimane", "Shimane"),
    ("33", "岡山県", "okayama", "Okayama"), ("34", "広島県", "hiroshima", "Hiroshima"),
    ("35", "山口県", "yamaguchi", "Yamaguchi"), ("36", "徳島県", "tokushima", "Tokushima"),
    ("37", "香川県", "kagawa", "Kagawa"), ("38", "愛媛県", "ehime", "Ehime"),
    ("39", "高知県", "kochi", "Kochi"), ("40", "福岡県", "fukuoka", "Fukuoka"),
    ("41", "佐賀県", "saga", "Saga"), ("42", "長崎県", "nagasaki", "Nagasaki"),
    ("43", "熊本県", "kumamoto", "Kumamoto"), ("44", "大分県", "oita", "Oita"),
    ("45", "宮崎県", "miyazaki", "Miyazaki"), ("46", "鹿児島県", "kagoshima", "Kagoshima"),
    ("47", "沖縄県", "okinawa", "Okinawa"),
]

# Hokkaido's 14 bureaus in their official order: N03_002 value -> (slug, English name).
# Nine are 総合振興局 ("General Subprefectural Bureau"), five are 振興局 ("Subprefectural Bureau").
BUREAUS = OrderedDict([
    ("空知総合振興局", ("sorachi", "Sorachi General Subprefectural Bureau")),
    ("石狩振興局", ("ishikari", "Ishikari Subprefectural Bureau")),
    ("後志総合振興局", ("shiribeshi", "Shiribeshi General Subprefectural Bureau")),
    ("胆振総合振興局", ("iburi", "Iburi General Subprefectural Bureau")),
    ("日高振興局", ("hidaka", "Hidaka Subprefectural Bureau")),
    ("渡島総合振興局", ("oshima", "Oshima General Subprefectural Bureau")),
    ("檜山振興局", ("hiyama", "Hiyama Subprefectural Bureau")),
    ("上川総合振興局", ("kamikawa", "Kamikawa General Subprefectural Bureau")),
    ("留萌振興局", ("rumoi", "Rumoi Subprefectural Bureau")),
    ("宗谷総合振興局", ("soya", "Soya General Subprefectural Bureau")),
    ("オホーツク総合振興局", ("okhotsk", "Okhotsk General Subprefectural Bureau")),
    ("十勝総合振興局", ("tokachi", "Tokachi General Subprefectural Bureau")),
    ("釧路総合振興局", ("kushiro", "Kushiro General Subprefectural Bureau")),
    ("根室振興局", ("nemuro", "Nemuro Subprefectural Bureau")),
])

IBURI = "胆振総合振興局"
EXPECTED_IBURI = {
    "01205": "室蘭市", "01213": "苫小牧市", "01230": "登別市", "01233": "伊達市", "01571": "豊浦町",
    "01575": "壮瞥町", "01578": "白老町", "01581": "厚真町", "01584": "洞爺湖町", "01585": "安平町",
    "01586": "むかわ町",
}
WEST_IBURI_NAMES = ["室蘭市", "登別市", "伊達市", "豊浦町", "壮瞥町", "洞爺湖町"]
EAST_IBURI_NAMES = ["苫小牧市", "白老町", "厚真町", "安平町", "むかわ町"]
NORTHERN_TERRITORIES = ["01695", "01696", "01697", "01698", "01699", "01700"]


class DataError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise DataError(message)


def load_features(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    require(data.get("type") == "FeatureCollection", "%s is not a GeoJSON FeatureCollection" % path)
    return [feat["properties"] for feat in data["features"]]


def build(props):
    coded = [p for p in props if p.get("N03_007")]
    uncoded = [p for p in props if not p.get("N03_007")]

    # one name per code (a municipality may be split over several features)
    by_code = {}
    for p in coded:
        key = (p["N03_001"], p.get("N03_002") or None, p.get("N03_003") or None, p["N03_004"])
        prev = by_code.setdefault(p["N03_007"], key)
        require(prev == key, "code %s has inconsistent properties %r / %r" % (p["N03_007"], prev, key))

    regions = []

    # --- prefectures -------------------------------------------------------------------------------------------
    pref_names = {code: ja for code, ja, _, _ in PREFECTURES}
    members_by_pref = {}
    for code, (pref_ja, _, _, _) in by_code.items():
        pc = code[:2]
        require(pc in pref_names, "unknown prefecture code %s (%s)" % (pc, code))
        require(pref_names[pc] == pref_ja, "code %s is in %s, expected %s" % (code, pref_ja, pref_names[pc]))
        members_by_pref.setdefault(pc, set()).add(code)
    for pc, ja, slug, en in PREFECTURES:
        members = sorted(members_by_pref.get(pc, ()))
        require(members, "prefecture %s %s has no coded features" % (pc, ja))
        if pc == "01":
            desc = ("北海道の全市町村（札幌市は10区を個別に収録）。北方領土の6村（色丹村・泊村・留夜別村・留別村・紗那村・"
                    "蘂取村）を含む。")
        else:
            desc = "%sの全市区町村（政令指定都市は区単位で収録）。" % ja
        regions.append(OrderedDict([
            ("id", "pref-%s-%s" % (pc, slug)), ("name_ja", ja), ("name_en", en), ("kind", "prefecture"),
            ("description_ja", desc), ("member_codes", members),
        ]))
    n_pref = sum(1 for r in regions if r["kind"] == "prefecture")
    require(n_pref == 47, "expected 47 prefectures, found %d" % n_pref)

    # --- Hokkaido bureaus --------------------------------------------------------------------------------------
    bureau_members = {}
    for code, (pref_ja, bureau, _, _) in by_code.items():
        if code.startswith("01"):
            require(bureau, "Hokkaido code %s has no N03_002 bureau" % code)
            bureau_members.setdefault(bureau, set()).add(code)
        else:
            require(not bureau, "non-Hokkaido code %s has N03_002 %r" % (code, bureau))
    found = set(bureau_members)
    require(found == set(BUREAUS), "N03_002 values differ from the expected 14: missing %s, unexpected %s"
            % (sorted(set(BUREAUS) - found), sorted(found - set(BUREAUS))))
    for ja, (slug, en) in BUREAUS.items():
        members = sorted(bureau_members[ja])
        desc = "%sの所管区域（%d市町村）。" % (ja, len(members))
        if slug == "ishikari":
            desc = "%sの所管区域。札幌市は10区を個別に収録（%dコード）。" % (ja, len(members))
        if slug == "nemuro":
            desc = "%sの所管区域。北方領土の6村を含む（%dコード）。" % (ja, len(members))
        if slug == "iburi":
            desc = "%sの所管区域（%d市町、振興局所在地：室蘭市）。" % (ja, len(members))
        regions.append(OrderedDict([
            ("id", "hokkaido-%s" % slug), ("name_ja", ja), ("name_en", en), ("kind", "bureau"),
            ("description_ja", desc), ("member_codes", members),
        ]))
    n_bureau = sum(1 for r in regions if r["kind"] == "bureau")
    require(n_bureau == 14, "expected 14 bureaus, found %d" % n_bureau)

    iburi = {code: by_code[code][3] for code in bureau_members[IBURI]}
    require(len(iburi) == 11, "expected 11 members of %s, found %d" % (IBURI, len(iburi)))
    require(iburi == EXPECTED_IBURI, "members of %s differ from the expected list: %r" % (IBURI, iburi))
    code_of = {name: code for code, name in iburi.items()}

    # --- zones and the custom survey area ----------------------------------------------------------------------
    west = sorted(code_of[n] for n in WEST_IBURI_NAMES)
    east = sorted(code_of[n] for n in EAST_IBURI_NAMES)
    require(len(west) == 6, "expected 6 members of West Iburi, found %d" % len(west))
    require(len(east) == 5, "expected 5 members of East Iburi, found %d" % len(east))
    require(west == ["01205", "01230", "01233", "01571", "01575", "01584"], "West Iburi codes: %r" % west)
    regions.append(OrderedDict([
        ("id", "nishi-iburi"), ("name_ja", "西胆振"), ("name_en", "West Iburi"), ("kind", "zone"),
        ("description_ja", "西胆振圏域（室蘭市・登別市・伊達市・豊浦町・壮瞥町・洞爺湖町）。障害保健福祉圏域であり、"
                           "定住自立圏でもある。"),
        ("member_codes", west),
    ]))
    regions.append(OrderedDict([
        ("id", "higashi-iburi"), ("name_ja", "東胆振"), ("name_en", "East Iburi"), ("kind", "zone"),
        ("description_ja", "東胆振圏域（苫小牧市・白老町・厚真町・安平町・むかわ町）。障害保健福祉圏域。"),
        ("member_codes", east),
    ]))
    survey = sorted(set(west) | {code_of["白老町"]})
    require(len(survey) == 7, "expected 7 members of the survey area, found %d" % len(survey))
    regions.append(OrderedDict([
        ("id", "noboribetsu-survey-2024"), ("name_ja", "登別市リソース調査 2024 対象地域"),
        ("name_en", "Noboribetsu resource survey 2024 area"), ("kind", "custom"),
        ("description_ja", "登別市が2024年2月に実施した広域リソース調査の対象地域。西胆振圏域の6市町に白老町を加えた7市町。"),
        ("member_codes", survey),
    ]))

    ids = [r["id"] for r in regions]
    require(len(ids) == len(set(ids)), "duplicate region ids")

    stats = OrderedDict([
        ("features", len(props)), ("coded_features", len(coded)), ("uncoded_features", len(uncoded)),
        ("uncoded", ["%s %s" % (p["N03_001"], p["N03_004"]) for p in uncoded]),
        ("codes", len(by_code)), ("hokkaido_codes", len(members_by_pref["01"])),
        ("northern_territories", ["%s %s%s" % (c, by_code[c][2] or "", by_code[c][3])
                                  for c in NORTHERN_TERRITORIES if c in by_code]),
        ("bureau_sizes", [(ja, len(bureau_members[ja])) for ja in BUREAUS]),
    ])
    return regions, stats


def render(regions):
    """Pretty JSON with one region field per line and each member list on a single line (readable diffs)."""
    out = ['{', '  "regions": [']
    for i, r in enumerate(regions):
        fields = []
        for k, v in r.items():
            fields.append('      %s: %s' % (json.dumps(k), json.dumps(v, ensure_ascii=False)))
        out.append('    {')
        out.append(',\n'.join(fields))
        out.append('    }' + (',' if i < len(regions) - 1 else ''))
    out.append('  ]')
    out.append('}')
    return '\n'.join(out) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--boundaries", default=DEFAULT_BOUNDARIES, help="N03 GeoJSON (.geojson or .geojson.gz)")
    ap.add_argument("--output", default=DEFAULT_OUTPUT)
    ap.add_argument("--check", action="store_true", help="do not write; fail if the output file is out of date")
    args = ap.parse_args(argv)

    try:
        regions, stats = build(load_features(args.boundaries))
    except DataError as e:
        print("generate_regions: FAILED: %s" % e, file=sys.stderr)
        return 1
    text = render(regions)
    json.loads(text)  # sanity: the hand-rendered JSON parses

    by_kind = OrderedDict()
    for r in regions:
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
    print("boundaries: %(features)d features, %(coded_features)d coded, %(uncoded_features)d uncoded, "
          "%(codes)d distinct codes (Hokkaido %(hokkaido_codes)d)" % stats)
    print("uncoded features (所属未定地, not municipalities): %s" % ", ".join(stats["uncoded"]))
    print("Northern Territories villages (coded): %s" % ", ".join(stats["northern_territories"]))
    print("bureaus: %s" % ", ".join("%s %d" % b for b in stats["bureau_sizes"]))
    print("regions: %d (%s)" % (len(regions), ", ".join("%s %d" % kv for kv in by_kind.items())))
    for r in regions:
        if r["kind"] in ("zone", "custom") or r["id"] == "hokkaido-iburi":
            print("  %-26s %-8s %2d members: %s" % (r["id"], r["kind"], len(r["member_codes"]),
                                                   " ".join(r["member_codes"])))

    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print("generate_regions: %s is out of date; run without --check" % args.output, file=sys.stderr)
            return 1
        print("up to date: %s" % os.path.relpath(args.output, ROOT))
        return 0
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s" % os.path.relpath(args.output, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
