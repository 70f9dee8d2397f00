#!/usr/bin/env python3
"""Generates the target-import benchmark input: a national open-data list of N NPO corporations (the columns of the
npo-open-data profile, UTF-8 with BOM), spread over every municipality of Japan at gazetteer towns, each with a
valid, distinct 法人番号 and a representative's name the import must not store. Deterministic.

    python3 bench/generate_target_list.py <organisations> <out.csv>
"""
import csv
import gzip
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADERS = ["法人番号", "法人名称", "法人名称（フリガナ）", "主たる事務所の所在地", "代表者氏名", "設立認証年月日", "定款に記載された目的", "活動分野"]
THEMES = ["子ども食堂", "居場所の会", "見守りネット", "子育て広場", "ひきこもり家族会", "相談室", "まちづくり協議会", "フードバンク"]


def corporate_number(n):
    base = f"{n:012d}"
    total = sum(int(base[12 - k]) * (1 if k % 2 == 1 else 2) for k in range(1, 13))
    return str(9 - total % 9) + base


def main():
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    rng = random.Random(50_000)
    towns = []
    with gzip.open(ROOT / "seed-data" / "gazetteer" / "towns-japan.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["lat"]:
                towns.append((row["prefecture"], row["municipality"], row["town"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for i in range(count):
            prefecture, municipality, town = towns[rng.randrange(len(towns))]
            theme = THEMES[i % len(THEMES)]
            writer.writerow([
                corporate_number(700_000_000_000 + i), f"特定非営利活動法人全国{theme}{i:06d}", f"トクテイヒエイリカツドウホウジンゼンコク{i:06d}",
                f"{prefecture}{municipality}{town}{rng.randint(1, 30)}番{rng.randint(1, 20)}号", "代表　太郎",
                f"{rng.randint(1999, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"この法人は、{municipality}の住民に対して、{theme}に関する事業を行う。", "保健・医療又は福祉の増進を図る活動",
            ])


if __name__ == "__main__":
    main()
