using System.Collections.Frozen;

namespace ResourceMap.Infrastructure.Geocoding;

/// <summary>
/// 旧字体 and common 異体字 of place names folded to the 新字体 of the Jōyō table (and a few name variants such as
/// 﨑/嵜 → 崎, 髙 → 高, 冨 → 富). NFKC already folds the CJK compatibility ideographs; these are unified ideographs
/// that NFKC keeps apart. Applied to the address and to the gazetteer alike, so either spelling matches either.
/// </summary>
public static class JapaneseVariants
{
    private const string Pairs =
        "亞亜惡悪壓圧圍囲醫医爲為壹壱隱隠榮栄營営衞衛驛駅圓円鹽塩奧奥應応櫻桜假仮價価畫画會会囘回壞壊懷懐擴拡覺覚學学嶽岳樂楽" +
        "渴渇卷巻陷陥寬寛關関歡歓觀観巖巌氣気歸帰龜亀僞偽戲戯犧犠舊旧據拠擧挙峽峡狹狭曉暁區区驅駆勳勲徑径惠恵溪渓經経繼継" +
        "莖茎螢蛍輕軽鷄鶏藝芸儉倹劍剣圈圏檢検權権獻献縣県險険顯顕驗験嚴厳效効廣広恆恒鑛鉱號号國国濟済碎砕齋斎劑剤雜雑參参" +
        "慘惨棧桟蠶蚕贊賛殘残絲糸齒歯兒児辭辞濕湿實実舍舎寫写釋釈壽寿收収從従澁渋獸獣縱縦肅粛處処緖緒敍叙將将燒焼稱称證証" +
        "乘乗剩剰壤壌孃嬢條条淨浄疊畳讓譲釀醸觸触寢寝愼慎晉晋眞真盡尽圖図粹粋醉酔隨随髓髄數数樞枢瀨瀬聲声靜静齊斉攝摂專専" +
        "淺浅戰戦踐践錢銭潛潜雙双壯壮莊荘搜捜插挿巢巣爭争總総聰聡藏蔵臟臓卽即屬属續続墮堕對対體体帶帯滯滞臺台瀧滝擇択澤沢" +
        "擔担單単膽胆團団彈弾斷断遲遅晝昼蟲虫鑄鋳廳庁聽聴鎭鎮遞逓鐵鉄轉転點点傳伝黨党盜盗燈灯當当鬪闘德徳獨独讀読屆届繩縄" +
        "貳弐惱悩腦脳霸覇廢廃拜拝賣売麥麦發発髮髪拔抜蠻蛮祕秘濱浜甁瓶拂払佛仏竝並變変邊辺邉辺辨弁瓣弁辯弁舖舗寶宝沒没飜翻" +
        "每毎萬万滿満默黙彌弥譯訳藥薬與与豫予餘余譽誉搖揺樣様謠謡來来賴頼亂乱覽覧龍竜兩両獵猟綠緑壘塁淚涙勵励禮礼靈霊齡齢" +
        "戀恋爐炉勞労樓楼祿禄錄録灣湾檜桧槇槙嶋島冨富髙高﨑崎嵜崎舘館藪薮籠篭曾曽增増黑黒淸清靑青淵渕埜野";

    private static readonly FrozenDictionary<char, char> Map = BuildMap();

    public static char NewForm(char c) => Map.TryGetValue(c, out var folded) ? folded : c;

    private static FrozenDictionary<char, char> BuildMap()
    {
        var map = new Dictionary<char, char>();
        for (var i = 0; i + 1 < Pairs.Length; i += 2) map[Pairs[i]] = Pairs[i + 1];
        return map.ToFrozenDictionary();
    }
}
