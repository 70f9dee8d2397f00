#!/usr/bin/env python3
"""Generates the FICTIONAL sample of a Noboribetsu-style resource survey in seed-data/surveys/.

  npo-open-data-2024.csv     87 NPO corporations in 7 municipalities, as a prefecture's open data lists them (UTF-8, BOM)
  answers-2024.sjis.csv      19 questionnaire answers as an online form exports them, Shift_JIS (CP932), CRLF
  answers-2024.xlsx          the same 19 answers as an Excel workbook (法人番号 as numbers, as Excel stores them)

Deterministic: a fixed random seed, sorted inputs and fixed zip timestamps, so rerunning gives identical bytes.
Standard library only. Everything is invented: names, numbers, people, phone numbers (subscriber part starting
with 0, never assigned) and e-mail addresses (example.jp). Addresses use real town names of the Geolonia gazetteer.

    python3 scripts/seed-tools/generate_survey_sample.py            # write the files
    python3 scripts/seed-tools/generate_survey_sample.py --check    # fail if they are not up to date
"""
import csv
import gzip
import io
import random
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed-data"
OUT = SEED / "surveys"

# code, gazetteer municipality (as written in addresses), short name, number of NPO targets, number of answers
MUNICIPALITIES = [
    ("01230", "登別市", "のぼりべつ", 20, 5),
    ("01205", "室蘭市", "むろらん", 30, 6),
    ("01233", "伊達市", "だて", 15, 4),
    ("01578", "白老郡白老町", "しらおい", 8, 2),
    ("01584", "虻田郡洞爺湖町", "とうやこ", 6, 1),
    ("01575", "有珠郡壮瞥町", "そうべつ", 3, 1),
    ("01571", "虻田郡豊浦町", "とようら", 5, 0),
]
assert sum(m[3] for m in MUNICIPALITIES) == 87 and sum(m[4] for m in MUNICIPALITIES) == 19

THEMES = [
    ("子ども食堂ネット", "コドモショクドウネット"), ("ふれあいサロンの会", "フレアイサロンノカイ"), ("子育て応援団", "コソダテオウエンダン"),
    ("地域福祉ネットワーク", "チイキフクシネットワーク"), ("ひきこもり家族会", "ヒキコモリカゾクカイ"), ("見守りの輪", "ミマモリノワ"),
    ("まちづくり協議会", "マチヅクリキョウギカイ"), ("こころの相談室", "ココロノソウダンシツ"), ("障がい者就労支援センター", "ショウガイシャシュウロウシエンセンター"),
    ("高齢者の居場所", "コウレイシャノイバショ"), ("学びの広場", "マナビノヒロバ"), ("フードバンク", "フードバンク"),
    ("ユースセンター", "ユースセンター"), ("多文化共生の会", "タブンカキョウセイノカイ"), ("環境保全クラブ", "カンキョウホゼンクラブ"),
    ("スポーツ振興会", "スポーツシンコウカイ"), ("文化芸術協会", "ブンカゲイジュツキョウカイ"), ("自然体験学校", "シゼンタイケンガッコウ"),
    ("傾聴ボランティア", "ケイチョウボランティア"), ("ひとり親サポート", "ヒトリオヤサポート"), ("移動支援サービス", "イドウシエンサービス"),
    ("認知症カフェ", "ニンチショウカフェ"), ("若者しごと塾", "ワカモノシゴトジュク"), ("まちの縁側", "マチノエンガワ"),
    ("観光まちおこし", "カンコウマチオコシ"), ("防災ネットワーク", "ボウサイネットワーク"), ("読み聞かせの会", "ヨミキカセノカイ"),
    ("障がい児の親の会", "ショウガイジノオヤノカイ"), ("地域食堂", "チイキショクドウ"), ("生活支援センター", "セイカツシエンセンター"),
]
KANA = {"のぼりべつ": "ノボリベツ", "むろらん": "ムロラン", "だて": "ダテ", "しらおい": "シラオイ", "とうやこ": "トウヤコ",
        "そうべつ": "ソウベツ", "とようら": "トヨウラ"}
FIELDS = ["保健・医療又は福祉の増進を図る活動", "子どもの健全育成を図る活動", "まちづくりの推進を図る活動",
          "社会教育の推進を図る活動", "職業能力の開発又は雇用機会の拡充を支援する活動"]
FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
GIVEN = ["一郎", "花子", "健太", "美咲", "大輔", "陽子", "翔", "恵子", "誠", "由美"]
KANJI = "〇一二三四五六七八九"


def corporate_number(rng):
    base = "".join(str(rng.randint(0, 9)) for _ in range(12))
    total = sum(int(base[12 - n]) * (1 if n % 2 == 1 else 2) for n in range(1, 13))
    return str(9 - total % 9) + base


def load_towns():
    towns = {}
    with gzip.open(SEED / "gazetteer" / "towns-japan.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["municipality_code"] in {m[0] for m in MUNICIPALITIES}:
                towns.setdefault(row["municipality_code"], []).append(row["town"])
    return {code: sorted(names) for code, names in towns.items()}


def messy_address(rng, municipality, town, style):
    """The same place written the ways people write it: with or without 北海道, 丁目 as kanji, digits or 1-2-3."""
    block, lot = rng.randint(1, 30), rng.randint(1, 20)
    chome = None
    for k in range(len(KANJI) - 1, 0, -1):
        if town.endswith(KANJI[k] + "丁目"):
            chome, stem = k, town[: -len(KANJI[k] + "丁目")]
            break
    prefix = "北海道" if style % 3 != 1 else ""
    if chome is None:
        tail = f"{block}番地{lot}" if style % 2 == 0 else f"{block}-{lot}"
        text = f"{prefix}{municipality}{town}{tail}"
    elif style % 4 == 0:
        text = f"{prefix}{municipality}{town}{block}番{lot}号"
    elif style % 4 == 1:
        text = f"{prefix}{municipality}{stem}{chome}丁目{block}-{lot}"
    elif style % 4 == 2:
        text = f"{prefix}{municipality}{stem}{chome}-{block}-{lot}"
    else:
        text = f"{prefix}{municipality}{stem}{chome}丁目{block}番地{lot}"
    if style % 5 == 3:  # full-width digits and hyphens, as typed with a Japanese IME
        text = text.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    return text


def build():
    rng = random.Random(20240205)
    towns = load_towns()
    targets, answers = [], []
    theme_index = 0
    for code, municipality, short, count, answered in MUNICIPALITIES:
        short_name = municipality[municipality.index("郡") + 1:] if "郡" in municipality else municipality
        for i in range(count):
            theme, theme_kana = THEMES[theme_index % len(THEMES)]
            theme_index += 1
            name = f"特定非営利活動法人{short}{theme}"
            kana = f"トクテイヒエイリカツドウホウジン{KANA[short]}{theme_kana}"
            town = rng.choice(towns[code])
            target = {
                "法人番号": corporate_number(rng),
                "法人名称": name,
                "法人名称（フリガナ）": kana,
                "主たる事務所の所在地": messy_address(rng, municipality, town, i),
                "代表者氏名": rng.choice(FAMILY) + "　" + rng.choice(GIVEN),
                "設立認証年月日": f"{rng.randint(2000, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "定款に記載された目的": f"この法人は、{short_name}の住民に対して、{theme}に関する事業を行い、地域福祉の増進に寄与することを目的とする。",
                "活動分野": "、".join(rng.sample(FIELDS, 2)),
                "_code": code, "_town": town, "_municipality": municipality,
            }
            targets.append(target)
            if i < answered:
                answers.append(target)
    return targets, answers


# The 19 answers (in the order above): 16 active; activity types 居場所づくり 9, 相談窓口の開設 5, その他 5.
ACTIVITY = [
    "居場所づくり", "居場所づくり", "居場所づくり、その他（遊び場づくり）", "居場所づくり", "居場所づくり,相談窓口の開設",
    "相談窓口の開設", "居場所づくり", "その他（仲間づくり）", "居場所づくり;相談窓口の開設", "相談窓口の開設",
    "居場所づくり\nその他（交流）", "その他（交流）", "居場所づくり", "相談窓口の開設", "", "その他（仲間づくり）", "", "",
    "",
]
ACTIVE = ["はい"] * 14 + ["いいえ"] + ["はい"] + ["いいえ", "いいえ"] + ["はい"]
# row 18 is active but its activity type is given only as free text in the description; it must still count as active.
ACTIVITY[18] = ""
KEYWORDS = ["引きこもり、不登校", "孤独、生活困窮", "いじめ、不登校", "孤立死", "自殺・自死、こころの不調", "ひきこもり",
            "生活困窮、フードロス", "孤独", "8050問題、引きこもり", "子育て", "不登校", "孤独、介護", "生活困窮", "DV", "",
            "孤立", "", "", "孤独"]
DIFFICULTIES = ["何から取り組めば良いか分からない", "取組みを検討する体制（人員）が不足している", "地域の状況が分からない",
                "誰が活動しているか分からない", "活動資金が不足している", "事例が不足している"]
EXPECTATIONS = ["官民連携の取組の推進", "自治体間における横断的取組の推進", "支援に関する情報の共有", "活動資金の助成", "人材育成"]
SCOPES = ["市区町村の一部地域", "市区町村の全域", "複数の市区町村", "全道"]
FORMS = ["NPO法人", "特定非営利活動法人", "ＮＰＯ法人", "認定NPO法人"]
FREQ = ["毎週", "月1回以上", "ほぼ毎日", "不定期"]
CASES = [
    "不登校の中学生が週1回居場所に通うようになり、学習支援につながった。",
    "ひきこもりの息子さんを持つ家族から相談を受け、家族会を紹介した。",
    "一人暮らしの高齢者の見守りで異変に気づき、地域包括支援センターにつないだ。",
    "生活に困窮する世帯に食料を届け、社会福祉協議会の相談につないだ。",
    "子ども食堂に来た親子の話を聞き、子育て支援の窓口を案内した。",
    "若者の就労相談を受け、ハローワークと連携して職場体験を実施した。",
    "転入してきた外国人住民の家族が孤立しないよう交流会に招いた。",
]
ANSWER_HEADERS = [
    "タイムスタンプ", "団体名", "法人番号", "所在地", "電話番号", "メールアドレス", "組織形態", "活動の範囲",
    "孤独・孤立対策に関する活動を行っていますか", "取り組んでいる課題（キーワード）", "活動の種類", "自治体委託事業の有無", "活動頻度",
    "支援事例の有無", "今後、取組の必要性を感じますか", "取組を進める上での課題", "自治体に期待すること", "活動内容（自由記述）",
    "具体的な支援事例（自由記述）",
]


def answer_rows(answers):
    rng = random.Random(20240225)
    rows = []
    for i, target in enumerate(answers):
        name = target["法人名称"]
        display_name = name.replace("特定非営利活動法人", rng.choice(["NPO法人 ", "特定非営利活動法人", "ＮＰＯ法人　"]))
        corp = target["法人番号"]
        if i == 3:
            corp = ""  # one answer leaves 法人番号 empty: matched by name within its municipality
        elif i == 7:
            corp = corp.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        active = ACTIVE[i] == "はい"
        rows.append({
            "タイムスタンプ": f"2024/02/{5 + i:02d} {9 + i % 8}:{(i * 7) % 60:02d}:00",
            "団体名": display_name,
            "法人番号": corp,
            "所在地": messy_address(rng, target["_municipality"], target["_town"], i + 2),
            "電話番号": f"0143-0{rng.randint(1, 9)}-{rng.randint(1000, 9999)}",
            "メールアドレス": f"info{i + 1:02d}@npo-sample.example.jp",
            "組織形態": FORMS[i % len(FORMS)],
            "活動の範囲": SCOPES[i % len(SCOPES)],
            "孤独・孤立対策に関する活動を行っていますか": ACTIVE[i],
            "取り組んでいる課題（キーワード）": KEYWORDS[i],
            "活動の種類": ACTIVITY[i],
            "自治体委託事業の有無": "あり" if i % 4 == 0 and active else "なし",
            "活動頻度": FREQ[i % len(FREQ)] if active else "",
            "支援事例の有無": "あり" if i < 7 else "なし",
            "今後、取組の必要性を感じますか": "はい" if i < 15 else "いいえ",
            "取組を進める上での課題": "、".join(sorted(rng.sample(DIFFICULTIES, 1 + i % 3), key=DIFFICULTIES.index)),
            "自治体に期待すること": "、".join(sorted(rng.sample(EXPECTATIONS, 1 + i % 2), key=EXPECTATIONS.index)),
            "活動内容（自由記述）": f"{target['_municipality'][-3:]}を中心に、地域の方が気軽に集まれる場をつくっています。" if active else "",
            "具体的な支援事例（自由記述）": CASES[i] if i < 7 else "",
        })
    return rows


def csv_bytes(headers, rows, encoding, bom=False):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def xlsx_bytes(headers, rows):
    strings, lookup = [], {}

    def sst(text):
        if text not in lookup:
            lookup[text] = len(strings)
            strings.append(text)
        return lookup[text]

    sheet_rows = []
    for r, values in enumerate([headers] + [[row[h] for h in headers] for row in rows], start=1):
        cells = []
        for c, value in enumerate(values):
            ref = f"{column_letter(c)}{r}"
            if r > 1 and headers[c] == "法人番号" and value.isascii() and value.isdigit():
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')  # Excel keeps a typed-in number as a number
            elif value != "":
                cells.append(f'<c r="{ref}" t="s"><v>{sst(value)}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(sheet_rows)}</sheetData></worksheet>')
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + "</sst>")
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="フォームの回答 1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 2, 26, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def main():
    targets, answers = build()
    target_headers = ["法人番号", "法人名称", "法人名称（フリガナ）", "主たる事務所の所在地", "代表者氏名", "設立認証年月日",
                      "定款に記載された目的", "活動分野"]
    rows = answer_rows(answers)
    outputs = {
        OUT / "npo-open-data-2024.csv": csv_bytes(target_headers, targets, "utf-8", bom=True),
        OUT / "answers-2024.sjis.csv": csv_bytes(ANSWER_HEADERS, rows, "cp932"),
        OUT / "answers-2024.xlsx": xlsx_bytes(ANSWER_HEADERS, rows),
    }
    active = sum(1 for r in rows if r["孤独・孤立対策に関する活動を行っていますか"] == "はい")
    assert len(targets) == 87 and len(rows) == 19 and active == 16, (len(targets), len(rows), active)
    assert sum(1 for r in rows if "登別市" in r["所在地"]) == 5
    if "--check" in sys.argv:
        stale = [p.name for p, data in outputs.items() if not p.exists() or p.read_bytes() != data]
        if stale:
            sys.exit(f"out of date: {', '.join(stale)}")
        print("survey sample is up to date")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for path, data in outputs.items():
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    print(f"{len(targets)} targets, {len(rows)} answers, {active} active")


if __name__ == "__main__":
    main()
