#!/usr/bin/env python3
"""Generates the survey-import benchmark input: N targets (a tab-separated file for COPY into survey_targets) and
an answer CSV of N rows (UTF-8, the noboribetsu-2024 headers) whose 法人番号 match them. Deterministic.

    python3 bench/generate_import_files.py <rows> <survey_id> <out_dir>
"""
import csv
import gzip
import random
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AREA = {"01230": "登別市", "01205": "室蘭市", "01233": "伊達市", "01578": "白老郡白老町", "01584": "虻田郡洞爺湖町",
        "01575": "有珠郡壮瞥町", "01571": "虻田郡豊浦町"}
HEADERS = ["タイムスタンプ", "団体名", "法人番号", "所在地", "電話番号", "メールアドレス", "組織形態", "活動の範囲",
           "孤独・孤立対策に関する活動を行っていますか", "取り組んでいる課題（キーワード）", "活動の種類", "自治体委託事業の有無",
           "活動頻度", "支援事例の有無", "今後、取組の必要性を感じますか", "取組を進める上での課題", "自治体に期待すること",
           "活動内容（自由記述）", "具体的な支援事例（自由記述）"]


def corporate_number(n):
    base = f"{n:012d}"
    total = sum(int(base[12 - k]) * (1 if k % 2 == 1 else 2) for k in range(1, 13))
    return str(9 - total % 9) + base


def main():
    rows, survey, out = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(100_000)
    towns = {}
    with gzip.open(ROOT / "seed-data" / "gazetteer" / "towns-japan.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["municipality_code"] in AREA and row["lat"]:
                towns.setdefault(row["municipality_code"], []).append((row["town"], row["lat"], row["lng"]))
    codes = sorted(AREA)
    namespace = uuid.UUID(survey)
    with open(out / "targets.tsv", "w", encoding="utf-8", newline="") as targets, \
            open(out / "answers.csv", "w", encoding="utf-8", newline="") as answers:
        writer = csv.writer(answers, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for i in range(rows):
            code = codes[i % len(codes)]
            town, lat, lng = rng.choice(towns[code])
            number = corporate_number(500_000_000_000 + i)
            name = f"特定非営利活動法人ベンチ団体{i:06d}"
            address = f"北海道{AREA[code]}{town}{rng.randint(1, 30)}-{rng.randint(1, 20)}"
            target_id = uuid.uuid5(namespace, number)
            targets.write("\t".join([str(target_id), survey, name, number, "npo", address, code, lat, lng, "town",
                                     f"べんち団体{i:06d}", "open_data", "pending", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z"]) + "\n")
            writer.writerow([
                "2024/02/10 10:00:00", name, number, address, "0143-05-1234", f"b{i}@bench.example.jp", "NPO法人",
                rng.choice(["市区町村の全域", "市区町村の一部地域", "複数の市区町村"]), rng.choice(["はい", "はい", "いいえ"]),
                "、".join(rng.sample(["不登校", "孤独", "生活困窮", "引きこもり", "いじめ"], 2)),
                rng.choice(["居場所づくり", "相談窓口の開設", "居場所づくり、相談窓口の開設", "その他（交流）"]),
                rng.choice(["あり", "なし"]), rng.choice(["毎週", "月1回以上"]), "なし", "はい",
                "何から取り組めば良いか分からない", "官民連携の取組の推進", "地域の居場所を運営しています。", "",
            ])


if __name__ == "__main__":
    main()
