#!/usr/bin/env python3
"""Generate seed-data/sample-directory.json: a FICTIONAL sample directory for the survey area of Noboribetsu's
2024 resource survey (登別市・室蘭市・伊達市・豊浦町・壮瞥町・洞爺湖町・白老町).

Every organisation, service, phone number, e-mail address and web site in the output is invented.  Sites are
placed at the representative point of a real town (大字・町丁目) of the Geolonia gazetteer (precision "town"); the
block numbers are invented.  Phone numbers use a subscriber part starting with 0 (e.g. 0143-05-1234), which is
never assigned in Japan, so no real line is reached by mistake.

It also sets the sharing scenario: 登別's public 居場所 that accept other municipalities share fictional restricted
contact details (same phone pattern, @example.org addresses, 架空 contact persons) with noboribetsu-survey-2024, and a
few services are partners- or owner-scoped, so the sample exercises every sharing scope.

Python 3 standard library only; deterministic (fixed random seed, ids from uuid5 over a fixed namespace), so the
same inputs always give a byte-identical file.

    python3 scripts/seed-tools/generate_sample_directory.py            # write seed-data/sample-directory.json
    python3 scripts/seed-tools/generate_sample_directory.py --check    # verify the file is up to date
    python3 scripts/seed-tools/generate_sample_directory.py --gazetteer /work/shared/data/gazetteer/towns-japan.csv

The script validates everything before writing (taxonomy codes, platform roles, corporate-number check digits,
coordinates against the gazetteer, id uniqueness, location ownership, service-area shapes) and exits non-zero on
any error.  It prints counts by municipality, legal form, category and service-area level.
"""
import argparse
import csv
import gzip
import io
import json
import os
import random
import re
import sys
import unicodedata
import uuid
from collections import Counter, OrderedDict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_GAZETTEER = os.path.join(ROOT, "seed-data", "gazetteer", "towns-japan.csv.gz")
DEFAULT_TAXONOMY = os.path.join(ROOT, "seed-data", "taxonomy.json")
DEFAULT_OUTPUT = os.path.join(ROOT, "seed-data", "sample-directory.json")
# The open-data NPO list the sample survey takes its targets from: an NPO that is in both is one organisation, with the
# list's 法人番号, and no other organisation of the sample may carry a number of the list.
DEFAULT_NPO_LIST = os.path.join(ROOT, "seed-data", "surveys", "npo-open-data-2024.csv")

SEED = 20240205  # first day of the survey
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/resourcemap/sample-directory")
REGION_IDS = {"nishi-iburi", "higashi-iburi", "noboribetsu-survey-2024", "hokkaido-iburi"}

# code -> (short name used in service names, area code of the fictional phone numbers, romanised slug)
MUNICIPALITIES = OrderedDict([
    ("01230", ("登別", "0143", "noboribetsu")),
    ("01205", ("室蘭", "0143", "muroran")),
    ("01233", ("伊達", "0142", "date")),
    ("01571", ("豊浦", "0142", "toyoura")),
    ("01575", ("壮瞥", "0142", "sobetsu")),
    ("01584", ("洞爺湖", "0142", "toyako")),
    ("01578", ("白老", "0144", "shiraoi")),
])


def uid(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def corporate_number(rng, used):
    """13-digit 法人番号: check digit prepended to a 12-digit base P12..P1 (P1 rightmost).
    check = 9 - (sum(Pn * Qn) mod 9), Qn = 1 for odd n, 2 for even n."""
    while True:
        base = "".join(str(rng.randint(0, 9)) for _ in range(12))
        if base[0] == "0":
            continue
        number = str(corporate_check_digit(base)) + base
        if number not in used:
            used.add(number)
            return number


def corporate_check_digit(base12):
    total = 0
    for n, ch in enumerate(reversed(base12), start=1):
        total += int(ch) * (1 if n % 2 == 1 else 2)
    return 9 - (total % 9)


assert corporate_check_digit("000012050002") == 7  # 7000012050002: 国税庁's own corporate number


def load_gazetteer(path, codes):
    opener = gzip.open if path.endswith(".gz") else open
    towns = {}
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["municipality_code"] in codes:
                towns[(row["municipality_code"], row["town"])] = row
    return towns


LEGAL_FORM_WORDS = re.compile(r"特定非営利活動法人|認定NPO法人|NPO法人|社会福祉法人|一般社団法人|株式会社")


def name_key(name):
    """A name without legal-form words, spaces and width differences: how the two lists name one organisation."""
    return LEGAL_FORM_WORDS.sub("", unicodedata.normalize("NFKC", name)).replace(" ", "")


def load_npo_list(path):
    """name key -> (法人番号, name, address) of the open-data NPO list."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {name_key(row["法人名称"]): (row["法人番号"], row["法人名称"], row["主たる事務所の所在地"]) for row in csv.DictReader(f)}


def registered_number(org, drawn, npo_list, collision_rng, used):
    """The 法人番号 of an organisation: the open-data list's when the NPO is listed there (same municipality),
    else the drawn one, redrawn from a generator of its own if the list already gives it to another NPO (so the
    values drawn for every other field stay as they were)."""
    listed = npo_list.get(name_key(org["n"]))
    if listed is not None and MUNICIPALITIES[org["m"]][0] in listed[2]:
        used.add(listed[0])
        return listed[0]
    taken = {number for number, _, _ in npo_list.values()}
    number = drawn
    while number is None or number in taken:
        number = corporate_number(collision_rng, used)
    return number


def load_taxonomy(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {v["id"]: {t["code"] for t in v["terms"]} for v in data["vocabularies"]}


# ---------------------------------------------------------------------------------------------------------------
# Service templates.  {m} = municipality short name (登別), {p} = place (town name without 字 / 丁目).
# area: "muni" | ("part", district) | ("multi", [codes]) | ("region", id) | ("pref",) | ("national",)
# onsite: False for phone / SNS lines (location_ids stays empty)
# ---------------------------------------------------------------------------------------------------------------
def H(days, opens, closes):
    return [(d, opens, closes) for d in days.split(",")]


WEEKDAYS = "mon,tue,wed,thu,fri"

TEMPLATES = {
    "shakyo": [
        dict(name="{m}ふれあい総合相談窓口", category="consultation",
             description="暮らしの困りごとを何でも受け止める総合相談窓口です。生活福祉資金の貸付や関係機関へのつなぎも行います。",
             tg=["anyone", "financial_hardship", "living_alone"], pk=["poverty", "loneliness", "debt"],
             ch=["in_person", "phone", "visit"], hours=H(WEEKDAYS, "08:45", "17:15"), hours_notes="祝日・年末年始は休み",
             freq="daily", fee="無料", comm=True),
        dict(name="{m}地域見守りネットワーク", category="outreach",
             description="民生委員・町内会・協定事業所と連携し、一人暮らし高齢者などの見守りと訪問を行います。",
             tg=["older_people", "living_alone"], pk=["kodokushi", "loneliness"], ch=["visit", "phone"],
             hours=H(WEEKDAYS, "09:00", "17:00"), freq="weekly", fee="無料", comm=True, onsite=False),
        dict(name="{m}ふれあい・いきいきサロン支援", category="ibasho",
             description="地域のサロン活動の立ち上げと運営を支援し、誰でも立ち寄れる交流の場を広げています。",
             tg=["older_people", "anyone"], pk=["loneliness"], ch=["in_person"],
             hours=H("wed", "10:00", "15:00"), freq="weekly", fee="100円/回", cap="定員30名"),
    ],
    "houkatsu": [
        dict(name="{m}地域包括支援センター 総合相談", category="consultation",
             description="高齢者の介護・健康・権利擁護の相談に応じます。ご家族や近所の方からの相談も受け付けます。",
             tg=["older_people", "carers"], pk=["caregiving", "abuse", "kodokushi"], ch=["in_person", "phone", "visit"],
             hours=H(WEEKDAYS, "08:45", "17:30"), freq="daily", fee="無料", comm=True),
    ],
    "caregiver": [
        dict(name="介護者のつどい「ほっと一息」", category="other",
             description="家族を介護している方が気持ちを話し、情報交換できる集まりです。",
             tg=["carers"], pk=["caregiving", "loneliness"], ch=["in_person", "online"],
             hours=H("sat", "13:30", "15:30"), hours_notes="毎月第2土曜日", freq="monthly", fee="200円/回"),
    ],
    "shokudo": [
        dict(name="{p}みんなの子ども食堂", category="ibasho",
             description="子どもも大人も一緒に温かいごはんを食べる地域の食堂です。学習支援の時間もあります。",
             tg=["children", "single_parents"], pk=["poverty", "child_rearing", "loneliness"], ch=["in_person"],
             hours=H("sat", "11:00", "14:00"), hours_notes="毎月第1・第3土曜日", freq="monthly",
             fee="子ども無料・大人300円", cap="1回40食（予約不要）"),
    ],
    "kosodate": [
        dict(name="{p}子育てひろば", category="ibasho",
             description="乳幼児と保護者が気軽に集える広場です。子育ての悩みを保育士に相談できます。",
             tg=["children", "single_parents"], pk=["child_rearing", "loneliness"], ch=["in_person", "phone"],
             hours=H("mon,wed,fri", "10:00", "15:00"), freq="weekly", fee="無料"),
    ],
    "futoko": [
        dict(name="フリースペース「{p}の木」", category="ibasho",
             description="学校に行きづらい子どもが安心して過ごせるフリースペースです。保護者の相談にも応じます。",
             tg=["children", "youth"], pk=["futoko", "ijime"], ch=["in_person", "online"],
             hours=H("mon,tue,thu,fri", "10:00", "16:00"), freq="weekly", fee="1,000円/月", cap="定員15名（見学随時）",
             accept=True),
    ],
    "hikikomori_ibasho": [
        dict(name="ひきこもり当事者の居場所「{p}ベース」", category="ibasho",
             description="ひきこもりの経験がある方が、話しても話さなくても過ごせる居場所です。オンライン参加もできます。",
             tg=["hikikomori", "youth"], pk=["hikikomori", "eighty_fifty", "mental_health"], ch=["in_person", "online"],
             hours=H("tue,fri", "13:00", "17:00") + H("sun", "13:00", "16:00"), freq="weekly", fee="無料",
             anon=True, accept=True),
    ],
    "hikikomori_family": [
        dict(name="ひきこもり家族の会", category="other",
             description="ひきこもりの子どもを持つ家族が悩みを分かち合う月例会です。個別相談も受け付けます。",
             tg=["hikikomori", "carers"], pk=["hikikomori", "eighty_fifty"], ch=["in_person", "phone"],
             hours=H("sun", "13:30", "16:00"), hours_notes="毎月第3日曜日", freq="monthly", fee="300円/回",
             anon=True, accept=True),
    ],
    "sns_national": [
        dict(name="SNSなやみ相談「つながるチャット」", category="consultation",
             description="LINEなどのSNSで、誰にも言えない悩みを匿名で相談できます。全国どこからでも利用できます。",
             tg=["anyone", "youth"], pk=["loneliness", "suicide", "mental_health"], ch=["sns"],
             hours=H("mon,tue,wed,thu,fri,sat,sun", "20:00", "02:00"), hours_notes="受付は翌2:00まで（最終受付1:30）",
             freq="daily", fee="無料", langs=["ja", "easy_ja", "en"], anon=True, accept=True,
             area=("national",), onsite=False),
    ],
    "phone_prefecture": [
        dict(name="ほっかいどう夜間こころの電話", category="consultation",
             description="眠れない夜やつらい気持ちを、研修を受けた相談員が電話で聴きます。北海道内どこからでも通話できます。",
             tg=["anyone"], pk=["suicide", "loneliness", "mental_health"], ch=["phone"],
             hours=H("mon,tue,wed,thu,fri,sat,sun,holiday", "18:00", "22:00"), freq="daily", fee="無料（通話料のみ）",
             anon=True, accept=True, area=("pref",), onsite=False),
    ],
    "sodan_phone": [
        dict(name="{m}こころの相談電話", category="consultation",
             description="こころの不調や家族関係の悩みを電話で相談できます。必要に応じて面談や専門機関を紹介します。",
             tg=["anyone"], pk=["mental_health", "loneliness", "suicide"], ch=["phone", "in_person"],
             hours=H("mon,wed,fri", "18:00", "22:00") + H("sat", "13:00", "17:00"), freq="weekly", fee="無料",
             anon=True, accept=True),
    ],
    "mimamori": [
        dict(name="{p}見守り訪問", category="outreach",
             description="一人暮らしの高齢者宅を定期的に訪問し、声かけと安否確認をしています。",
             tg=["older_people", "living_alone"], pk=["kodokushi", "loneliness"], ch=["visit", "phone"],
             hours=H("mon,thu", "10:00", "12:00"), freq="weekly", fee="無料", onsite=False),
    ],
    "company": [
        dict(name="見守り協定に基づく配達時の安否確認", category="outreach",
             description="市町と結んだ見守り協定に基づき、配達時に郵便物の滞留などの異変に気づいたら関係機関へ連絡します。",
             tg=["older_people", "living_alone"], pk=["kodokushi"], ch=["visit"],
             hours=H("mon,tue,wed,thu,fri,sat,sun", "05:00", "09:00"), hours_notes="配達時間帯", freq="daily",
             fee=None, onsite=False),
    ],
    "chonaikai": [
        dict(name="{p}ふれあいサロン", category="ibasho",
             description="町内会館でお茶とおしゃべりを楽しむサロンです。体操や季節の行事もあります。",
             tg=["older_people", "living_alone"], pk=["loneliness"], ch=["in_person"],
             hours=H("thu", "10:00", "12:00"), freq="weekly", fee="100円/回", area="part"),
        dict(name="{p}声かけ見守り活動", category="outreach",
             description="町内会役員と班長が、気になる世帯への声かけと災害時の安否確認を行います。",
             tg=["older_people", "living_alone", "disabilities"], pk=["kodokushi", "loneliness"], ch=["visit"],
             hours=[], hours_notes="随時", freq="irregular", fee="無料", area="part", onsite=False),
    ],
    "salon": [
        dict(name="{p}いきいきサロン", category="ibasho",
             description="歌や手芸、軽い体操を楽しみながら仲間と過ごすサロンです。初めての方も歓迎します。",
             tg=["older_people", "living_alone"], pk=["loneliness", "kodokushi"], ch=["in_person"],
             hours=H("tue", "10:00", "15:00"), freq="weekly", fee="100円/回"),
    ],
    "cafe": [
        dict(name="コミュニティカフェ「{p}のえんがわ」", category="ibasho",
             description="誰でも立ち寄れるカフェ型の居場所です。ひとりで来ても自然に会話が生まれるよう、スタッフが声をかけます。",
             tg=["anyone", "older_people", "single_parents"], pk=["loneliness", "child_rearing"], ch=["in_person"],
             hours=H("tue,thu", "10:00", "16:00") + H("sat", "10:00", "14:00"), freq="weekly", fee="飲み物代200円",
             accept=True),
    ],
    "nakama": [
        dict(name="{p}仲間づくり交流会", category="other",
             description="趣味や地域の行事を通じて、世代を超えた仲間づくりと交流を進めています。",
             tg=["anyone", "older_people", "youth"], pk=["loneliness"], ch=["in_person"],
             hours=H("sun", "10:00", "15:00"), hours_notes="毎月第2日曜日", freq="monthly", fee="500円/回"),
    ],
    "play": [
        dict(name="{p}あそび場プロジェクト", category="other",
             description="自然の中で子どもが自由に遊べる冒険遊び場を開いています。保護者同士の交流の場にもなっています。",
             tg=["children", "single_parents"], pk=["child_rearing", "loneliness"], ch=["in_person"],
             hours=H("sat,sun", "10:00", "15:00"), hours_notes="冬期（12月〜3月）は休み", freq="weekly", fee="無料"),
    ],
    "jiritsu": [
        dict(name="{m}くらしとしごとの相談窓口", category="consultation",
             description="生活困窮者自立支援法に基づく相談窓口です。家計・仕事・住まいの相談に応じ、支援計画を一緒に作ります。",
             tg=["financial_hardship", "anyone"], pk=["poverty", "debt", "employment"], ch=["in_person", "phone", "email"],
             hours=H(WEEKDAYS, "08:45", "17:30"), hours_notes="土日祝日・年末年始は休み", freq="daily", fee="無料"),
    ],
    "shogai": [
        dict(name="障がい者相談支援（{m}）", category="consultation",
             description="障がいのある方と家族の暮らしの相談に応じ、福祉サービスの利用計画を作成します。",
             tg=["disabilities", "carers"], pk=["disability", "employment", "loneliness"], ch=["in_person", "phone", "visit"],
             hours=H(WEEKDAYS, "09:00", "17:30"), freq="daily", fee="無料", langs=["ja", "sign"], comm=True,
             accept=True, area=("region", "nishi-iburi")),
    ],
    "shogai_ibasho": [
        dict(name="地域活動支援センター「{p}」", category="ibasho",
             description="障がいのある方が日中に集い、創作活動や交流をする場です。",
             tg=["disabilities"], pk=["disability", "loneliness"], ch=["in_person"],
             hours=H(WEEKDAYS, "10:00", "16:00"), freq="daily", fee="無料", comm=True, cap="定員20名"),
    ],
    "youngcarer": [
        dict(name="ヤングケアラー相談・交流会", category="consultation",
             description="家族の世話をしている子ども・若者の相談に応じ、同じ立場の仲間と話せる交流会を開いています。",
             tg=["young_carers", "youth"], pk=["young_carer", "caregiving"], ch=["in_person", "online", "sns"],
             hours=H("wed", "16:00", "19:00") + H("sat", "13:00", "16:00"), freq="weekly", fee="無料", anon=True,
             accept=True, area=("region", "noboribetsu-survey-2024")),
    ],
    "foreign": [
        dict(name="にほんご教室と多文化交流会", category="other",
             description="外国人住民のための日本語教室と、生活の困りごとの相談を兼ねた交流会です。",
             tg=["foreign_residents"], pk=["loneliness", "employment"], ch=["in_person", "online"],
             hours=H("sun", "10:00", "12:00") + H("wed", "18:30", "20:30"), freq="weekly", fee="無料",
             langs=["ja", "easy_ja", "en", "vi", "zh"], accept=True),
    ],
    "food": [
        dict(name="フードバンク・食料支援", category="other",
             description="企業や家庭から寄付された食品を、生活に困っている世帯に無料でお届けします。",
             tg=["financial_hardship", "single_parents"], pk=["poverty"], ch=["in_person", "phone", "email"],
             hours=H("tue,fri", "10:00", "16:00"), freq="weekly", fee="無料", accept=True,
             area=("region", "nishi-iburi")),
    ],
    "youth_work": [
        dict(name="若者就労・社会参加サポート", category="consultation",
             description="働くことや人づきあいに悩む15〜49歳の方の相談に応じ、職場体験や仲間づくりのプログラムを行います。",
             tg=["youth", "hikikomori"], pk=["employment", "hikikomori", "mental_health"], ch=["in_person", "phone", "online"],
             hours=H("tue,wed,thu,fri,sat", "10:00", "18:00"), freq="weekly", fee="無料", comm=True, accept=True),
    ],
    "grief": [
        dict(name="わかちあいの会（死別・自死遺族）", category="other",
             description="大切な人を亡くした方が、安心して気持ちを語り合える会です。聴くだけの参加もできます。",
             tg=["anyone"], pk=["bereavement", "suicide"], ch=["in_person", "phone"],
             hours=H("sat", "14:00", "16:00"), hours_notes="毎月第4土曜日", freq="monthly", fee="無料",
             anon=True, accept=True, area=("region", "nishi-iburi")),
    ],
    "dv": [
        dict(name="DV・性暴力被害の電話相談", category="consultation",
             description="配偶者や交際相手からの暴力、性暴力の被害について女性相談員が電話で相談に応じます。",
             tg=["dv_survivors"], pk=["dv", "sexual_violence", "abuse"], ch=["phone", "email"],
             hours=H(WEEKDAYS, "10:00", "20:00") + H("sat", "10:00", "16:00"), freq="daily", fee="無料",
             anon=True, accept=True, area=("region", "nishi-iburi"), onsite=False),
    ],
    "lgbtq": [
        dict(name="にじいろカフェ（LGBTQ交流会）", category="ibasho",
             description="性的マイノリティの当事者と支援者が安心して過ごせる交流会です。ニックネームで参加できます。",
             tg=["lgbtq", "youth"], pk=["loneliness", "mental_health"], ch=["in_person", "online"],
             hours=H("sat", "18:00", "21:00"), hours_notes="毎月第2土曜日", freq="monthly", fee="500円/回",
             anon=True, accept=True, area=("region", "nishi-iburi")),
    ],
}

TEMPLATES["reentry"] = [
    dict(name="立ち直り支援・居場所「とまりぎ」", category="other",
         description="刑務所や少年院を出た方の住まい探しや就労、地域での居場所づくりを保護司・更生保護団体と連携して支えます。",
         tg=["ex_offenders", "youth"], pk=["housing", "employment", "loneliness"], ch=["in_person", "phone", "letter"],
         hours=H("mon,wed,fri", "10:00", "17:00"), freq="weekly", fee="無料", accept=True,
         area=("region", "nishi-iburi")),
]

# Records that are not public.  scope: (sharing_scope, shared_with_regions); the restricted contact details
# (restricted_phone, restricted_email, capacity_details) reach only the staff the record is shared with.
TEMPLATES["renkei_desk"] = [
    dict(name="{m}ひきこもり支援 自治体間受け入れ調整窓口", category="consultation",
         description="連携自治体の相談窓口の職員が、住民の居場所や面談の受け入れを事前に調整するための窓口です（住民からの相談はこころの相談電話へ）。",
         tg=["hikikomori", "youth"], pk=["hikikomori", "eighty_fifty"], ch=["phone", "email"],
         hours=H(WEEKDAYS, "09:00", "17:00"), freq="daily", fee="無料", accept=True,
         area=("region", "noboribetsu-survey-2024"), scope=("partners", ["noboribetsu-survey-2024"]),
         cap_details="受け入れ調整は週2件まで。連携自治体の担当者からの依頼のみ受け付けます。"),
]
TEMPLATES["dv_shelter"] = [
    dict(name="DV被害者の緊急一時避難先の調整", category="other",
         description="配偶者暴力相談支援センターや警察と連携し、西胆振の緊急一時避難先を調整します。避難先の所在地は公開しません。",
         tg=["dv_survivors"], pk=["dv", "abuse"], ch=["phone"],
         hours=H(WEEKDAYS, "09:00", "18:00"), freq="daily", fee="無料", accept=True, onsite=False,
         area=("region", "nishi-iburi"), scope=("partners", ["nishi-iburi"]),
         cap_details="一時避難先は西胆振に2室（母子可）。空き状況は電話で確認してください。"),
]
TEMPLATES["trial_ibasho"] = [
    dict(name="夜の居場所「{p}ナイトスペース」（試行中）", category="ibasho",
         description="平日夜に若者が立ち寄れる居場所の試行です。運営体制が整うまで、公開せず市の担当者だけが把握しています。",
         tg=["youth", "living_alone"], pk=["loneliness", "mental_health"], ch=["in_person"],
         hours=H("wed", "19:00", "22:00"), freq="weekly", fee="無料", accept=True, scope=("owner", []),
         cap_details="試行期間中は定員5名。他市町の方の受け入れは試行後に判断します。"),
]

# Shared addresses: several organisations housed in one building.  key -> (town, block, building name)
SHARED = {
    "plaza-noboribetsu": ("中央町六丁目", "11-1", "ふくしプラザのぼりべつ"),
    "kenko-date": ("鹿島町", "20番地1", "だて保健福祉センター"),
}

# ---------------------------------------------------------------------------------------------------------------
# Organisations (all FICTIONAL).  m: municipality, f: legal form, n: name, k: katakana reading,
# locs: [(town, block, location name)] or a SHARED key, tpl: service templates, pf: platform role (None = not a
# member), joined: platform join date, district: for part_of_municipality services, ov: {service index: overrides}
# ---------------------------------------------------------------------------------------------------------------
P1 = "2024-04-01"   # Noboribetsu public-private platform launched with the Act
P2 = "2024-10-01"   # neighbours joined for the wide-area council

ORGS = [
    # ---- 01230 登別市 -------------------------------------------------------------------------------------------
    dict(m="01230", f="social_welfare_council", n="社会福祉法人 登別市社会福祉協議会", k="ノボリベツシシャカイフクシキョウギカイ",
         locs="plaza-noboribetsu", tpl=["shakyo"], pf="both", joined=P1,
         ov={2: dict(accept=True, area=("multi", ["01230", "01578"]))}),
    dict(m="01230", f="social_welfare_corporation", n="社会福祉法人 のぼりべつ福祉会", k="ノボリベツフクシカイ",
         locs="plaza-noboribetsu", tpl=["houkatsu", "caregiver"], pf="support", joined=P1,
         ov={0: dict(name="登別市西地域包括支援センター", area=("part", "幌別・鷲別地区"))}),
    dict(m="01230", f="npo", n="NPO法人 のぼりべつ子ども食堂ネット", k="ノボリベツコドモショクドウネット",
         locs=[("幌別町四丁目", "3-8", "幌別こども食堂（幌別町会館）"), ("鷲別町二丁目", "7-12", "鷲別こども食堂（鷲別コミュニティ会館）")],
         tpl=["shokudo", "shokudo", "kosodate"], pf="both", joined=P1,
         ov={0: dict(accept=True, hours=H("sat", "11:00", "14:00") + H("holiday", "11:00", "14:00")),
             1: dict(loc=1, accept=True), 2: dict(accept=True)}),
    dict(m="01230", f="npo", n="NPO法人 わしべつ地域の茶の間", k="ワシベツチイキノチャノマ",
         locs=[("鷲別町三丁目", "15-4", "地域の茶の間わしべつ")], tpl=["cafe", "salon"], pf="discovery", joined=P1,
         ov={1: dict(accept=True)}),
    dict(m="01230", f="npo", n="NPO法人 こころのひだまり登別", k="ココロノヒダマリノボリベツ",
         locs=[("若草町二丁目", "5-1", "ひだまりハウス")],
         tpl=["hikikomori_ibasho", "hikikomori_family", "sodan_phone", "renkei_desk"],
         pf="both", joined=P1, ov={0: dict(area=("region", "noboribetsu-survey-2024")),
                                   1: dict(area=("region", "noboribetsu-survey-2024"))}),
    dict(m="01230", f="certified_npo", n="認定NPO法人 つながるチャット北海道", k="ツナガルチャットホッカイドウ",
         locs=[("富士町三丁目", "2-6", "つながるチャット北海道 事務所")], tpl=["sns_national"], pf="support", joined=P1),
    dict(m="01230", f="npo", n="NPO法人 登別ユースプレイス", k="ノボリベツユースプレイス",
         locs=[("登別東町二丁目", "8-3", "ユースプレイス登別東")], tpl=["futoko", "youth_work"], pf="both", joined=P1,
         ov={0: dict(area=("multi", ["01230", "01578"])), 1: dict(area=("multi", ["01230", "01205", "01578"]))}),
    dict(m="01230", f="npo", n="NPO法人 のぼりべつケアラーズ", k="ノボリベツケアラーズ",
         locs=[("新生町三丁目", "4-20", "ケアラーズカフェしんせい")], tpl=["youngcarer", "caregiver"], pf="support", joined=P1,
         ov={1: dict(accept=True)}),
    dict(m="01230", f="npo", n="NPO法人 ふらっとハウス富岸", k="フラットハウストンケシ",
         locs=[("富岸町二丁目", "12-7", "ふらっとハウス富岸")], tpl=["cafe", "nakama", "trial_ibasho"], pf="discovery", joined=P1,
         ov={0: dict(hours=H("fri", "18:00", "22:00") + H("sat,sun", "10:00", "16:00"), hours_notes="金曜は夜カフェ"),
             1: dict(accept=True)}),
    dict(m="01230", f="stock_company", n="株式会社 登別しんぶんサービス", k="ノボリベツシンブンサービス",
         locs=[("新川町二丁目", "1-15", "登別しんぶんサービス 本社")], tpl=["company"], pf="discovery", joined=P1),
    dict(m="01230", f="neighbourhood_association", n="幌別地区連合町内会", k="ホロベツチクレンゴウチョウナイカイ",
         locs=[("幌別町六丁目", "2-1", "幌別地区会館")], tpl=["chonaikai"], pf="discovery", joined=P1, district="幌別地区"),
    dict(m="01230", f="voluntary_group", n="鷲別ふれあい見守り隊", k="ワシベツフレアイミマモリタイ",
         locs=[("鷲別町四丁目", "9-2", "鷲別町内会館")], tpl=["mimamori"], pf=None, district="鷲別地区",
         ov={0: dict(area="part")}),
    dict(m="01230", f="government", n="登別市 保健福祉部 社会福祉グループ", k="ノボリベツシ ホケンフクシブ シャカイフクシグループ",
         locs=[("中央町六丁目", "11", "登別市役所 本庁舎")], tpl=["jiritsu"], pf="both", joined=P1),
    dict(m="01230", f="npo", n="NPO法人 登別温泉まちづくり縁側", k="ノボリベツオンセンマチヅクリエンガワ",
         locs=[("登別温泉町", "60番地", "温泉まち縁側サロン")], tpl=["salon", "nakama"], pf="discovery", joined=P1,
         ov={0: dict(area=("part", "登別温泉地区")), 1: dict(accept=True)}),
    dict(m="01230", f="npo", n="NPO法人 障がい者地域生活支援センターあゆみ", k="ショウガイシャチイキセイカツシエンセンターアユミ",
         locs="plaza-noboribetsu", tpl=["shogai", "shogai_ibasho"], pf="support", joined=P1,
         ov={1: dict(name="地域活動支援センター「あゆみ」", accept=True)}),
    dict(m="01230", f="npo", n="NPO法人 グリーフサポートいぶり", k="グリーフサポートイブリ",
         locs=[("美園町三丁目", "6-9", "美園コミュニティセンター")], tpl=["grief"], pf="support", joined=P1),
    dict(m="01230", f="general_incorporated_association", n="一般社団法人 のぼりべつ多文化ひろば", k="ノボリベツタブンカヒロバ",
         locs=[("栄町二丁目", "22-3", "多文化ひろば 栄町教室")], tpl=["foreign"], pf="discovery", joined=P1),
    # ---- 01205 室蘭市 -------------------------------------------------------------------------------------------
    dict(m="01205", f="social_welfare_council", n="社会福祉法人 室蘭市社会福祉協議会", k="ムロランシシャカイフクシキョウギカイ",
         locs=[("東町二丁目", "4-11", "室蘭市総合福祉センター")], tpl=["shakyo"]),
    dict(m="01205", f="npo", n="NPO法人 むろらん子どもの居場所ひろば", k="ムロランコドモノイバショヒロバ",
         locs=[("中島町二丁目", "19-5", "なかじま子どもひろば")], tpl=["shokudo", "futoko"]),
    dict(m="01205", f="npo", n="NPO法人 西胆振ひきこもり家族会はまなす", k="ニシイブリヒキコモリカゾクカイハマナス",
         locs=[("輪西町二丁目", "3-3", "はまなすサロン")], tpl=["hikikomori_family"], pf="support", joined=P2,
         ov={0: dict(area=("region", "nishi-iburi"))}),
    dict(m="01205", f="general_incorporated_association", n="一般社団法人 北海道こころの電話相談センター",
         k="ホッカイドウココロノデンワソウダンセンター",
         locs=[("中央町二丁目", "7-1", "こころの電話相談センター 事務局")], tpl=["phone_prefecture"]),
    dict(m="01205", f="npo", n="NPO法人 室蘭ユースサポートネット", k="ムロランユースサポートネット",
         locs=[("東町四丁目", "20-8", "ユースサポートむろらん")], tpl=["youth_work"],
         ov={0: dict(area=("region", "nishi-iburi"))}),
    dict(m="01205", f="social_welfare_corporation", n="社会福祉法人 みなと福祉会", k="ミナトフクシカイ",
         locs=[("母恋南町三丁目", "1-2", "母恋地域包括支援センター")], tpl=["houkatsu", "salon"],
         ov={0: dict(name="室蘭市母恋地域包括支援センター")}),
    dict(m="01205", f="stock_company", n="株式会社 ミナトガス室蘭", k="ミナトガスムロラン",
         locs=[("港北町二丁目", "5-30", "ミナトガス室蘭 営業所")], tpl=["company"],
         ov={0: dict(name="ガス検針時の見守り（見守り協定）", area=("multi", ["01205", "01230"]),
                     hours=H(WEEKDAYS, "09:00", "17:00"), hours_notes="検針日")}),
    dict(m="01205", f="npo", n="NPO法人 白鳥台コミュニティカフェ", k="ハクチョウダイコミュニティカフェ",
         locs=[("白鳥台三丁目", "10-4", "白鳥台ショッピングセンター内 カフェ")], tpl=["cafe"]),
    dict(m="01205", f="neighbourhood_association", n="輪西町内会", k="ワニシチョウナイカイ",
         locs=[("輪西町一丁目", "6-1", "輪西町会館")], tpl=["chonaikai"], district="輪西地区"),
    dict(m="01205", f="npo", n="NPO法人 いぶりDV被害者支援ネット", k="イブリディーブイヒガイシャシエンネット",
         locs=[("知利別町二丁目", "14-6", "相談室（所在地非公開・郵便受付のみ）")], tpl=["dv", "dv_shelter"]),
    dict(m="01205", f="npo", n="NPO法人 いぶり立ち直り支援ネット", k="イブリタチナオリシエンネット",
         locs=[("中島本町一丁目", "2-17", "とまりぎハウス")], tpl=["reentry"]),
    # ---- 01233 伊達市 -------------------------------------------------------------------------------------------
    dict(m="01233", f="social_welfare_council", n="社会福祉法人 伊達市社会福祉協議会", k="ダテシシャカイフクシキョウギカイ",
         locs="kenko-date", tpl=["shakyo"]),
    dict(m="01233", f="government", n="伊達市 健康福祉部 社会福祉課", k="ダテシ ケンコウフクシブ シャカイフクシカ",
         locs="kenko-date", tpl=["jiritsu"]),
    dict(m="01233", f="npo", n="NPO法人 だて子ども食堂ぽかぽか", k="ダテコドモショクドウポカポカ",
         locs=[("末永町", "45番地2", "ぽかぽか食堂")], tpl=["shokudo"]),
    dict(m="01233", f="npo", n="NPO法人 伊達フリースクールそらいろ", k="ダテフリースクールソライロ",
         locs=[("舟岡町", "120番地", "フリースクールそらいろ")], tpl=["futoko"],
         ov={0: dict(name="フリースクール「そらいろ」", area=("region", "nishi-iburi"))}),
    dict(m="01233", f="npo", n="NPO法人 有珠の郷ふれあいサロン", k="ウスノサトフレアイサロン",
         locs=[("有珠町", "88番地", "有珠ふれあい会館")], tpl=["salon"], district="有珠地区",
         ov={0: dict(area="part")}),
    dict(m="01233", f="certified_npo", n="認定NPO法人 西胆振フードバンク", k="ニシイブリフードバンク",
         locs=[("館山町", "7番地5", "フードバンク倉庫")], tpl=["food"]),
    dict(m="01233", f="voluntary_group", n="大滝区地域見守りネットワーク", k="オオタキクチイキミマモリネットワーク",
         locs=[("大滝区本町", "3番地", "大滝総合支所内")], tpl=["mimamori"], district="大滝地区",
         ov={0: dict(area="part")}),
    dict(m="01233", f="npo", n="NPO法人 だて障がい者就労・交流センター", k="ダテショウガイシャシュウロウ・コウリュウセンター",
         locs=[("松ヶ枝町", "33番地1", "交流センターまつがえ")], tpl=["shogai_ibasho"]),
    dict(m="01233", f="npo", n="NPO法人 伊達にじいろカフェ", k="ダテニジイロカフェ",
         locs=[("梅本町", "15番地8", "にじいろカフェ会場")], tpl=["lgbtq"]),
    # ---- 01571 豊浦町 -------------------------------------------------------------------------------------------
    dict(m="01571", f="social_welfare_council", n="社会福祉法人 豊浦町社会福祉協議会", k="トヨウラチョウシャカイフクシキョウギカイ",
         locs=[("字船見町", "10番地", "豊浦町保健福祉センター")], tpl=["shakyo"]),
    dict(m="01571", f="npo", n="NPO法人 とようら子育てひろば", k="トヨウラコソダテヒロバ",
         locs=[("字旭町", "65番地3", "子育てひろば あさひ")], tpl=["kosodate"]),
    dict(m="01571", f="neighbourhood_association", n="大岸地区ふれあい会", k="オオキシチクフレアイカイ",
         locs=[("字大岸", "120番地", "大岸会館")], tpl=["chonaikai"], district="大岸地区"),
    dict(m="01571", f="npo", n="NPO法人 礼文華の家", k="レブンゲノイエ",
         locs=[("字礼文華", "200番地", "礼文華の家")], tpl=["salon", "mimamori"]),
    dict(m="01571", f="npo", n="NPO法人 噴火湾いきいきクラブ", k="フンカワンイキイキクラブ",
         locs=[("字浜町", "52番地", "いきいきクラブ集会所")], tpl=["nakama"],
         ov={0: dict(area=("multi", ["01571", "01584"]), accept=True)}),
    dict(m="01571", f="government", n="豊浦町 保健福祉課", k="トヨウラチョウ ホケンフクシカ",
         locs=[("字東雲町", "16番地", "豊浦町役場")], tpl=["jiritsu"]),
    # ---- 01575 壮瞥町 -------------------------------------------------------------------------------------------
    dict(m="01575", f="social_welfare_council", n="社会福祉法人 壮瞥町社会福祉協議会", k="ソウベツチョウシャカイフクシキョウギカイ",
         locs=[("字滝之町", "287番地", "壮瞥町地域福祉センター")], tpl=["shakyo"]),
    dict(m="01575", f="npo", n="NPO法人 そうべつ農村カフェ", k="ソウベツノウソンカフェ",
         locs=[("字久保内", "80番地", "農村カフェくぼない")], tpl=["cafe"]),
    dict(m="01575", f="npo", n="NPO法人 昭和新山ふるさと塾", k="ショウワシンザンフルサトジュク",
         locs=[("字昭和新山", "180番地", "ふるさと塾の森")], tpl=["play"],
         ov={0: dict(accept=True, area=("region", "nishi-iburi"))}),
    dict(m="01575", f="voluntary_group", n="蟠渓ふれあいの会", k="バンケイフレアイノカイ",
         locs=[("字蟠溪", "18番地", "蟠渓地区会館")], tpl=["salon"], district="蟠渓地区",
         ov={0: dict(area="part")}),
    dict(m="01575", f="npo", n="NPO法人 洞爺湖温泉ささえあい協議会", k="トウヤコオンセンササエアイキョウギカイ",
         locs=[("字洞爺湖温泉", "5番地", "ささえあいステーション")], tpl=["mimamori", "nakama"],
         ov={0: dict(area=("multi", ["01575", "01584"])), 1: dict(area=("multi", ["01575", "01584"]), accept=True)}),
    dict(m="01575", f="npo", n="NPO法人 そうべつ若者ワークス", k="ソウベツワカモノワークス",
         locs=[("字滝之町", "245番地", "若者ワークス作業所")], tpl=["youth_work"]),
    # ---- 01584 洞爺湖町 -----------------------------------------------------------------------------------------
    dict(m="01584", f="social_welfare_council", n="社会福祉法人 洞爺湖町社会福祉協議会", k="トウヤコチョウシャカイフクシキョウギカイ",
         locs=[("栄町", "58番地", "洞爺湖町総合福祉センター")], tpl=["shakyo"]),
    dict(m="01584", f="npo", n="NPO法人 とうやこ子ども食堂みずうみ", k="トウヤココドモショクドウミズウミ",
         locs=[("本町", "100番地", "みずうみ食堂")], tpl=["shokudo", "play"]),
    dict(m="01584", f="npo", n="NPO法人 洞爺湖こころの相談室", k="トウヤコ ココロノソウダンシツ",
         locs=[("洞爺湖温泉", "56番地", "こころの相談室")], tpl=["sodan_phone"],
         ov={0: dict(area=("region", "nishi-iburi"))}),
    dict(m="01584", f="social_welfare_corporation", n="社会福祉法人 虻田福祉会", k="アブタフクシカイ",
         locs=[("高砂町", "24番地", "洞爺湖町地域包括支援センター")], tpl=["houkatsu", "shogai"],
         ov={0: dict(name="洞爺湖町地域包括支援センター"), 1: dict(area="muni")}),
    dict(m="01584", f="neighbourhood_association", n="洞爺地区町内会連合会", k="トウヤチクチョウナイカイレンゴウカイ",
         locs=[("洞爺町", "70番地", "洞爺総合センター")], tpl=["chonaikai"], district="洞爺地区"),
    dict(m="01584", f="npo", n="NPO法人 月浦アートと交流の家", k="ツキウラアートトコウリュウノイエ",
         locs=[("月浦", "44番地", "交流の家つきうら")], tpl=["nakama", "cafe"]),
    dict(m="01584", f="stock_company", n="株式会社 とうやこ宅配サービス", k="トウヤコタクハイサービス",
         locs=[("入江", "120番地", "とうやこ宅配サービス 配送センター")], tpl=["company"],
         ov={0: dict(name="食材宅配時の見守り（見守り協定）", area=("multi", ["01584", "01575", "01571"]),
                     hours=H(WEEKDAYS, "10:00", "18:00"), hours_notes="配達時間帯")}),
    # ---- 01578 白老町 -------------------------------------------------------------------------------------------
    dict(m="01578", f="social_welfare_council", n="社会福祉法人 白老町社会福祉協議会", k="シラオイチョウシャカイフクシキョウギカイ",
         locs=[("大町二丁目", "1-3", "白老町総合保健福祉センター")], tpl=["shakyo"], pf="discovery", joined=P2),
    dict(m="01578", f="voluntary_group", n="白老町ふれあいサロン連絡会", k="シラオイチョウフレアイサロンレンラクカイ",
         locs=[("東町三丁目", "5-10", "東町会館")], tpl=["salon"], pf="discovery", joined=P2),
    dict(m="01578", f="npo", n="NPO法人 しらおい子ども未来ネット", k="シラオイコドモミライネット",
         locs=[("本町一丁目", "8-2", "子ども未来ハウス")], tpl=["shokudo", "futoko"], pf="both", joined=P2),
    dict(m="01578", f="npo", n="NPO法人 虎杖浜ひきこもり支援の会", k="コジョウハマヒキコモリシエンノカイ",
         locs=[("字虎杖浜", "185番地", "こじょうはまベース")], tpl=["hikikomori_ibasho"],
         ov={0: dict(area=("multi", ["01578", "01230"]))}),
    dict(m="01578", f="government", n="白老町 健康福祉課", k="シラオイチョウ ケンコウフクシカ",
         locs=[("大町一丁目", "1-1", "白老町役場")], tpl=["jiritsu"], pf="discovery", joined=P2),
    dict(m="01578", f="npo", n="NPO法人 しらおい多世代交流ひろば", k="シラオイタセダイコウリュウヒロバ",
         locs=[("緑丘二丁目", "3-21", "多世代交流ひろば")], tpl=["cafe"]),
    dict(m="01578", f="social_welfare_corporation", n="社会福祉法人 白老あおば会", k="シラオイアオバカイ",
         locs=[("字石山", "50番地", "相談支援事業所あおば")], tpl=["shogai"],
         ov={0: dict(area=("multi", ["01578", "01230"]))}),
    dict(m="01578", f="neighbourhood_association", n="竹浦地区町内会", k="タケウラチクチョウナイカイ",
         locs=[("字竹浦", "300番地", "竹浦コミュニティセンター")], tpl=["chonaikai"], district="竹浦地区"),
    dict(m="01578", f="npo", n="NPO法人 しらおいケアラー支援室", k="シラオイケアラーシエンシツ",
         locs=[("栄町二丁目", "6-4", "ケアラー支援室")], tpl=["caregiver", "youngcarer"]),
    dict(m="01578", f="stock_company", n="株式会社 しらおい新聞店", k="シラオイシンブンテン",
         locs=[("日の出町三丁目", "2-9", "しらおい新聞店")], tpl=["company"]),
]

SERVICE_DEFAULTS = dict(anon=False, hours_notes=None, fee=None, langs=["ja"], comm=False, cap=None, accept=False,
                        area="muni", onsite=True, loc=0, scope=("public", []), cap_details=None)

# The 西胆振 sharing scenario: 登別's public 居場所 that accept residents of other municipalities share their
# restricted contact details (and their organisation's contact person) with the staff of Noboribetsu's 2024 survey
# area — 西胆振 and 白老町 — while the public sees the services without them.
SCENARIO_OWNER = "01230"
SCENARIO_REGION = "noboribetsu-survey-2024"
SCOPES = ("public", "partners", "owner")
CONTACT_NAMES = ["山田 花子", "佐藤 太郎", "鈴木 一郎", "高橋 さくら", "田中 みのる", "伊藤 みどり", "渡辺 ひかる"]


def in_scenario(org_code, s):
    return org_code == SCENARIO_OWNER and s["category"] == "ibasho" and s["accept"] and s["scope"][0] == "public"


def restricted_contact(rng, area_code, key, index):
    """A fictional direct line (subscriber part starting with 0, like every sample number) and an example.org address."""
    return ("%s-0%d-%04d" % (area_code, rng.randint(0, 9), rng.randint(0, 9999)),
            "renkei-%s-%d@example.org" % (key, index))


KANA_RE = re.compile(r"^[ァ-ヶー・ ]+$")


def place_of(town):
    p = town[1:] if town.startswith("字") else town
    p = re.sub(r"[一二三四五六七八九十]+丁目$", "", p)
    if "区" in p:
        p = p.split("区")[0]
    elif p.endswith("町") and len(p) >= 3:
        p = p[:-1]
    return p


def resolve_area(spec, org):
    area = dict(level=None, municipality_codes=[], region_id=None, prefecture_code=None, district_name=None)
    if spec == "muni":
        area.update(level="municipality", municipality_codes=[org["m"]])
    elif spec == "part":
        area.update(level="part_of_municipality", municipality_codes=[org["m"]], district_name=org["district"])
    elif spec[0] == "part":
        area.update(level="part_of_municipality", municipality_codes=[org["m"]], district_name=spec[1])
    elif spec[0] == "multi":
        area.update(level="multiple_municipalities", municipality_codes=list(spec[1]))
    elif spec[0] == "region":
        area.update(level="region", region_id=spec[1])
    elif spec[0] == "pref":
        area.update(level="prefecture", prefecture_code="01")
    elif spec[0] == "national":
        area.update(level="national")
    else:
        raise ValueError("unknown area spec %r" % (spec,))
    return OrderedDict((k, area[k]) for k in
                       ("level", "municipality_codes", "region_id", "prefecture_code", "district_name"))


def build(towns, npo_list):
    rng = random.Random(SEED)
    # Redraws numbers the open-data list already gives to another NPO, without shifting the main generator.
    collision_rng = random.Random(SEED + 2)
    # Its own generator, so adding restricted details never changes the values drawn for the public fields.
    restricted_rng = random.Random(SEED + 1)
    used_numbers = set()
    per_muni_index = Counter()
    organizations = []
    scenario_orgs = 0
    for org in ORGS:
        m = org["m"]
        short, area_code, slug = MUNICIPALITIES[m]
        per_muni_index[m] += 1
        key = "%s-%02d" % (slug, per_muni_index[m])
        municipality_label = None
        locs = [SHARED[org["locs"]]] if isinstance(org["locs"], str) else org["locs"]
        locations = []
        for i, (town, block, loc_name) in enumerate(locs):
            row = towns.get((m, town))
            if row is None:
                raise SystemExit("town %s not in gazetteer for %s (%s)" % (town, m, org["n"]))
            municipality_label = row["municipality"]
            locations.append(OrderedDict([
                ("id", uid("location", org["n"], str(i))),
                ("name", loc_name),
                ("address", "北海道" + row["municipality"] + town + block),
                ("postal_code", None),
                ("municipality_code", m),
                ("lat", float(row["lat"])),
                ("lng", float(row["lng"])),
                ("precision", "town"),
            ]))
        services = []
        specs = [s for t in org["tpl"] for s in TEMPLATES[t]]
        for i, spec in enumerate(specs):
            s = dict(SERVICE_DEFAULTS)
            s.update(spec)
            s.update(org.get("ov", {}).get(i, {}))
            town = locs[s["loc"]][0]
            name = s["name"].format(m=short, p=place_of(town))
            scope, regions = s["scope"]
            cap_details = s["cap_details"]
            if in_scenario(m, s):
                regions = [SCENARIO_REGION]
                places = restricted_rng.randint(3, 8)
                cap_details = "他市町の方の受け入れ：月%d名まで（現在の空き%d名）。初回は連携担当との事前面談が必要です。" % (
                    places, restricted_rng.randint(0, places))
            restricted_phone = restricted_email = None
            if cap_details is not None:
                restricted_phone, restricted_email = restricted_contact(restricted_rng, area_code, key, i)
            services.append(OrderedDict([
                ("id", uid("service", org["n"], str(i))),
                ("name", name),
                ("description", s["description"]),
                ("category", s["category"]),
                ("target_groups", list(s["tg"])),
                ("problem_keywords", list(s["pk"])),
                ("channels", list(s["ch"])),
                ("anonymous_ok", s["anon"]),
                ("hours", [OrderedDict([("day", d), ("opens", o), ("closes", c)]) for d, o, c in s["hours"]]),
                ("hours_notes", s["hours_notes"]),
                ("frequency", s["freq"]),
                ("fee", s["fee"]),
                ("languages", list(s["langs"])),
                ("commissioned_by_municipality", s["comm"]),
                ("capacity_note", s["cap"]),
                ("accepts_other_municipalities", s["accept"]),
                ("location_ids", [locations[s["loc"]]["id"]] if s["onsite"] else []),
                ("service_area", resolve_area(s["area"], org)),
                ("sharing_scope", scope),
                ("shared_with_regions", list(regions)),
                ("restricted_phone", restricted_phone),
                ("restricted_email", restricted_email),
                ("capacity_details", cap_details),
            ]))
        scenario_org = any(sv["shared_with_regions"] == [SCENARIO_REGION] and sv["sharing_scope"] == "public" for sv in services)
        corporate = org["f"] not in ("voluntary_group", "neighbourhood_association", "government")
        informal = org["f"] in ("voluntary_group", "neighbourhood_association")
        website = "https://example.org/%s" % key if rng.random() < (0.3 if informal else 0.8) else None
        email = "info@%s.example.jp" % key if rng.random() < (0.4 if informal else 0.85) else None
        phones = [OrderedDict([("number", "%s-0%d-%04d" % (area_code, rng.randint(0, 9), rng.randint(0, 9999))),
                               ("description", "代表")])]
        if any(sv["category"] == "consultation" and "phone" in sv["channels"] for sv in services):
            phones.append(OrderedDict([("number", "%s-0%d-%04d" % (area_code, rng.randint(0, 9), rng.randint(0, 9999))),
                                       ("description", "相談専用")]))
        if org["tpl"] == ["phone_prefecture"]:
            phones.append(OrderedDict([("number", "011-0%02d-%04d" % (rng.randint(0, 99), rng.randint(0, 9999))),
                                       ("description", "夜間こころの電話（18:00〜22:00）")]))
        number = corporate_number(rng, used_numbers) if corporate else None
        if corporate:
            number = registered_number(org, number, npo_list, collision_rng, used_numbers)
        organizations.append(OrderedDict([
            ("id", uid("organization", org["n"])),
            ("name", org["n"]),
            ("name_kana", org["k"]),
            ("legal_form", org["f"]),
            ("corporate_number", number),
            # Only public services: a public description must not reveal what is shared with staff alone.
            ("description", org.get("d") or describe(org, municipality_label,
                                                     [sv for sv in services if sv["sharing_scope"] == "public"])),
            ("website", website),
            ("email", email),
            ("phones", phones),
            ("platform_member", org.get("pf") is not None),
            ("platform_role", org.get("pf")),
            ("platform_joined_on", org.get("joined") if org.get("pf") else None),
            ("owner_municipality_code", m),
            ("sharing_scope", "public"),
            ("shared_with_regions", [SCENARIO_REGION] if scenario_org else []),
            ("contact_person", "連携担当 %s（架空）" % CONTACT_NAMES[scenario_orgs % len(CONTACT_NAMES)] if scenario_org else None),
            ("internal_notes", "他市町からの紹介は連携担当へ直接電話してください。代表番号は平日日中のみです（架空のメモ）。"
             if scenario_org else None),
            ("locations", locations),
            ("services", services),
        ]))
        scenario_orgs += scenario_org
    return OrderedDict([
        ("_comment", "FICTIONAL sample data: every organisation, service, phone number (subscriber part starting "
                     "with 0, never assigned in Japan), e-mail address and web site is invented. Survey area of "
                     "Noboribetsu's 2024 resource survey. Generated by scripts/seed-tools/generate_sample_directory.py; "
                     "sites are placed at town representative points of the Geolonia gazetteer "
                     "(Geolonia 住所データ (CC BY 4.0)), block numbers invented. Do not use as a real directory."),
        ("organizations", organizations),
    ])


CATEGORY_JA = {"ibasho": "居場所づくり", "consultation": "相談支援", "outreach": "見守り・訪問活動", "other": "交流・支援活動"}
FORM_JA = {"social_welfare_council": "地域福祉の推進役として", "government": "行政の窓口として",
           "stock_company": "見守り協定を結んだ事業者として", "neighbourhood_association": "町内会として",
           "voluntary_group": "住民ボランティアの会として"}


def describe(org, municipality_label, services):
    town = municipality_label.split("郡")[-1]
    cats = []
    for sv in services:
        c = CATEGORY_JA[sv["category"]]
        if c not in cats:
            cats.append(c)
    role = FORM_JA.get(org["f"], "")
    return "%sを拠点に、%s%sに取り組んでいます（架空の団体）。" % (town, role, "・".join(cats))


# ---------------------------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------------------------
DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"}
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
PHONE_RE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{4}$")
FICTIONAL_PHONE_RE = re.compile(r"^0\d{1,4}-0\d{0,3}-\d{4}$")  # subscriber part starting with 0: never assigned


def validate(doc, tax, towns, npo_list):
    errors = []
    err = errors.append
    coords = {}
    for (code, town), row in towns.items():
        coords.setdefault(code, set()).add((float(row["lat"]), float(row["lng"])))
    ids, numbers = set(), set()

    def unique_id(value, what):
        try:
            uuid.UUID(value)
        except (ValueError, TypeError):
            err("%s: bad uuid %r" % (what, value))
        if value in ids:
            err("%s: duplicate id %s" % (what, value))
        ids.add(value)

    def codes(values, vocab, what, lo=1, hi=3):
        if not lo <= len(values) <= hi:
            err("%s: %d %s codes (want %d-%d)" % (what, len(values), vocab, lo, hi))
        if len(set(values)) != len(values):
            err("%s: duplicate %s codes" % (what, vocab))
        for v in values:
            if v not in tax[vocab]:
                err("%s: %r not in taxonomy %s" % (what, v, vocab))

    def sharing(record, what):
        """The API's rules: partners needs a region, owner takes none, regions must exist."""
        scope, regions = record["sharing_scope"], record["shared_with_regions"]
        if scope not in SCOPES:
            err("%s: sharing_scope %r" % (what, scope))
        if scope == "partners" and not regions:
            err("%s: sharing_scope partners needs shared_with_regions" % what)
        if scope == "owner" and regions:
            err("%s: sharing_scope owner takes no shared_with_regions" % what)
        if len(set(regions)) != len(regions) or any(r not in REGION_IDS for r in regions):
            err("%s: shared_with_regions %r" % (what, regions))

    orgs = doc["organizations"]
    for org in orgs:
        w = org["name"]
        unique_id(org["id"], w)
        if not KANA_RE.match(org["name_kana"]):
            err("%s: name_kana %r is not katakana" % (w, org["name_kana"]))
        codes([org["legal_form"]], "legal_form", w)
        cn = org["corporate_number"]
        if org["legal_form"] in ("voluntary_group", "neighbourhood_association", "government"):
            if cn is not None:
                err("%s: corporate_number must be null" % w)
        elif cn is None or not re.match(r"^\d{13}$", cn) or int(cn[0]) != corporate_check_digit(cn[1:]):
            err("%s: bad corporate_number %r" % (w, cn))
        elif cn in numbers:
            err("%s: duplicate corporate_number %s" % (w, cn))
        else:
            numbers.add(cn)
        listed = {number: name for number, name, _ in npo_list.values()}
        if cn in listed and name_key(listed[cn]) != name_key(w):
            err("%s: corporate_number %s is %s's in the open-data NPO list" % (w, cn, listed[cn]))
        if name_key(w) in npo_list and org["legal_form"] in ("npo", "certified_npo") and cn != npo_list[name_key(w)][0]:
            err("%s: listed in the open-data NPO list as %s, not %s" % (w, npo_list[name_key(w)][0], cn))
        if org["platform_member"]:
            codes([org["platform_role"]], "platform_role", w)
        elif org["platform_role"] is not None or org["platform_joined_on"] is not None:
            err("%s: platform_role/joined_on must be null for non-members" % w)
        for p in org["phones"]:
            if not PHONE_RE.match(p["number"]):
                err("%s: bad phone %r" % (w, p["number"]))
        if org["owner_municipality_code"] not in MUNICIPALITIES:
            err("%s: owner municipality %s outside the survey area" % (w, org["owner_municipality_code"]))
        sharing(org, w)
        if org["contact_person"] is not None and "架空" not in org["contact_person"]:
            err("%s: contact_person must be marked 架空" % w)
        own = set()
        for loc in org["locations"]:
            unique_id(loc["id"], w + "/location")
            own.add(loc["id"])
            codes([loc["precision"]], "location_precision", w)
            if (loc["lat"], loc["lng"]) not in coords.get(loc["municipality_code"], ()):
                err("%s: location %s is not a gazetteer town of %s" % (w, loc["name"], loc["municipality_code"]))
            if not loc["address"].startswith("北海道"):
                err("%s: address %r" % (w, loc["address"]))
        if not org["services"]:
            err("%s: no services" % w)
        for sv in org["services"]:
            ws = "%s/%s" % (w, sv["name"])
            unique_id(sv["id"], ws)
            codes([sv["category"]], "service_category", ws)
            codes(sv["target_groups"], "target_group", ws)
            codes(sv["problem_keywords"], "problem_keyword", ws)
            codes(sv["channels"], "channel", ws)
            codes([sv["frequency"]], "frequency", ws)
            codes(sv["languages"], "language", ws, 1, 9)
            if "ja" not in sv["languages"]:
                err("%s: languages must include ja" % ws)
            for h in sv["hours"]:
                if h["day"] not in DAYS or not TIME_RE.match(h["opens"]) or not TIME_RE.match(h["closes"]) \
                        or h["opens"] == h["closes"]:
                    err("%s: bad hours %r" % (ws, dict(h)))
            for lid in sv["location_ids"]:
                if lid not in own:
                    err("%s: location %s belongs to another organisation" % (ws, lid))
            a = sv["service_area"]
            lvl, mc = a["level"], a["municipality_codes"]
            codes([lvl], "service_area_level", ws)
            if len(set(mc)) != len(mc) or any(c not in coords for c in mc):
                err("%s: bad municipality_codes %r" % (ws, mc))
            if lvl in ("part_of_municipality", "municipality") and len(mc) != 1:
                err("%s: %s needs exactly 1 municipality" % (ws, lvl))
            if lvl == "multiple_municipalities" and len(mc) < 2:
                err("%s: multiple_municipalities needs >= 2 codes" % ws)
            if lvl in ("region", "prefecture", "national") and mc:
                err("%s: %s needs an empty municipality list" % (ws, lvl))
            if (lvl == "region") != (a["region_id"] is not None) or \
                    (a["region_id"] is not None and a["region_id"] not in REGION_IDS):
                err("%s: region_id %r" % (ws, a["region_id"]))
            if (lvl == "prefecture") != (a["prefecture_code"] is not None) or \
                    a["prefecture_code"] not in (None, "01"):
                err("%s: prefecture_code %r" % (ws, a["prefecture_code"]))
            if (lvl == "part_of_municipality") != bool(a["district_name"]):
                err("%s: district_name %r" % (ws, a["district_name"]))
            sharing(sv, ws)
            if sv["restricted_phone"] is not None and not FICTIONAL_PHONE_RE.match(sv["restricted_phone"]):
                err("%s: restricted_phone %r is not a fictional number" % (ws, sv["restricted_phone"]))
            if sv["restricted_email"] is not None and not sv["restricted_email"].endswith("@example.org"):
                err("%s: restricted_email %r is not @example.org" % (ws, sv["restricted_email"]))

    # coverage requirements of the sample
    services = [sv for o in orgs for sv in o["services"]]
    by_muni = Counter(o["owner_municipality_code"] for o in orgs)
    if len(orgs) < 64:
        err("only %d organisations" % len(orgs))
    if len(services) < 80:
        err("only %d services" % len(services))
    for code in MUNICIPALITIES:
        if by_muni[code] < 5:
            err("only %d organisations in %s" % (by_muni[code], code))
    if by_muni.most_common(1)[0][0] != "01230":
        err("Noboribetsu must have the most organisations")
    forms = Counter(o["legal_form"] for o in orgs)
    if forms["npo"] * 2 <= len(orgs):
        err("npo must be the majority (%d of %d)" % (forms["npo"], len(orgs)))
    cats = Counter(sv["category"] for sv in services)
    if set(cats) != tax["service_category"] or cats.most_common(1)[0][0] != "ibasho":
        err("categories %r" % cats)
    if {sv["service_area"]["level"] for sv in services} != tax["service_area_level"]:
        err("not every service-area level is present")
    if not any(sv["service_area"]["level"] == "prefecture" and not sv["location_ids"] and "phone" in sv["channels"]
               for sv in services):
        err("no prefecture-wide phone line")
    if not any(sv["service_area"]["level"] == "national" and sv["channels"] == ["sns"] and not sv["location_ids"]
               for sv in services):
        err("no national SNS consultation")
    if sum(sv["service_area"]["region_id"] == "nishi-iburi" for sv in services) < 3:
        err("fewer than 3 nishi-iburi services")
    if not any(o["owner_municipality_code"] == "01230" and sv["category"] == "ibasho"
               and sv["accepts_other_municipalities"] for o in orgs for sv in o["services"]):
        err("no Noboribetsu ibasho accepting other municipalities")
    # the sharing scenario and every sharing scope
    for o in orgs:
        for sv in o["services"]:
            if o["owner_municipality_code"] == SCENARIO_OWNER and sv["category"] == "ibasho" \
                    and sv["accepts_other_municipalities"] and sv["sharing_scope"] == "public":
                if sv["shared_with_regions"] != [SCENARIO_REGION] or None in (
                        sv["restricted_phone"], sv["restricted_email"], sv["capacity_details"]):
                    err("%s/%s: scenario 居場所 without restricted details shared with %s" % (o["name"], sv["name"], SCENARIO_REGION))
                if o["shared_with_regions"] != [SCENARIO_REGION] or o["contact_person"] is None:
                    err("%s: scenario organisation without a contact person shared with %s" % (o["name"], SCENARIO_REGION))
    scopes = Counter(sv["sharing_scope"] for sv in services)
    if scopes["partners"] < 2 or scopes["owner"] < 1:
        err("the sample must hold partners- and owner-scoped services: %r" % scopes)
    if not any(sv["sharing_scope"] == "partners" and "noboribetsu-survey-2024" not in sv["shared_with_regions"]
               for sv in services):
        err("no partners service shared only with a region 白老町 is not in")
    hours = [h for sv in services for h in sv["hours"]]
    if not any(h["day"] in ("sat", "sun") for h in hours):
        err("no weekend hours")
    if not any((h["opens"], h["closes"]) == ("18:00", "22:00") for h in hours):
        err("no 18:00-22:00 night slot")
    if not any(h["closes"] < h["opens"] for h in hours):
        err("no slot crossing midnight")
    addresses = Counter((l["address"], l["lat"], l["lng"]) for o in orgs for l in o["locations"])
    if addresses.most_common(1)[0][1] < 2:
        err("no shared address")
    return errors


def summary(doc):
    orgs = doc["organizations"]
    services = [sv for o in orgs for sv in o["services"]]
    lines = ["organisations: %d, locations: %d, services: %d" % (
        len(orgs), sum(len(o["locations"]) for o in orgs), len(services))]

    def block(title, counter):
        lines.append(title + ": " + ", ".join("%s %d" % kv for kv in counter.most_common()))

    block("organisations by municipality", Counter(
        "%s %s" % (o["owner_municipality_code"], MUNICIPALITIES[o["owner_municipality_code"]][0]) for o in orgs))
    block("services by owner municipality", Counter(
        "%s %s" % (o["owner_municipality_code"], MUNICIPALITIES[o["owner_municipality_code"]][0])
        for o in orgs for _ in o["services"]))
    block("legal forms", Counter(o["legal_form"] for o in orgs))
    block("platform", Counter(o["platform_role"] or "not a member" for o in orgs))
    block("categories", Counter(sv["category"] for sv in services))
    block("service-area levels", Counter(sv["service_area"]["level"] for sv in services))
    block("regions", Counter(sv["service_area"]["region_id"] for sv in services if sv["service_area"]["region_id"]))
    block("sharing scopes", Counter(sv["sharing_scope"] for sv in services))
    lines.append("services with restricted details shared with %s: %d, organisations with a contact person: %d" % (
        SCENARIO_REGION, sum(SCENARIO_REGION in sv["shared_with_regions"] and sv["restricted_phone"] is not None
                             for sv in services), sum(o["contact_person"] is not None for o in orgs)))
    lines.append("accepts other municipalities: %d, anonymous ok: %d, no location (phone/SNS/visit): %d" % (
        sum(sv["accepts_other_municipalities"] for sv in services), sum(sv["anonymous_ok"] for sv in services),
        sum(not sv["location_ids"] for sv in services)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazetteer", default=DEFAULT_GAZETTEER)
    ap.add_argument("--taxonomy", default=DEFAULT_TAXONOMY)
    ap.add_argument("--output", default=DEFAULT_OUTPUT)
    ap.add_argument("--npo-list", default=DEFAULT_NPO_LIST)
    ap.add_argument("--check", action="store_true", help="fail unless --output is up to date")
    args = ap.parse_args()

    towns = load_gazetteer(args.gazetteer, set(MUNICIPALITIES))
    tax = load_taxonomy(args.taxonomy)
    npo_list = load_npo_list(args.npo_list)
    doc = build(towns, npo_list)
    errors = validate(doc, tax, towns, npo_list)
    if errors:
        for e in errors:
            print("ERROR: " + e, file=sys.stderr)
        sys.exit("%d validation error(s); nothing written" % len(errors))
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if args.check:
        with open(args.output, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("%s is out of date: rerun %s" % (args.output, os.path.relpath(__file__, ROOT)))
        print("up to date: " + args.output)
    else:
        with io.open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("wrote " + args.output)
    print(summary(doc))


if __name__ == "__main__":
    main()
