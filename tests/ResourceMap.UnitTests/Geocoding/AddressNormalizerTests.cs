using ResourceMap.Infrastructure.Geocoding;

namespace ResourceMap.UnitTests.Geocoding;

public class AddressNormalizerTests
{
    [Theory]
    [InlineData("北海道登別市幌別町1丁目5-3", "北海道登別市幌別町一丁目5-3")]
    [InlineData("北海道登別市幌別町１丁目５－３", "北海道登別市幌別町一丁目5-3")]
    [InlineData("北海道登別市幌別町一丁目5番3号", "北海道登別市幌別町一丁目5番3号")]
    [InlineData("登別市幌別町1-5-3", "登別市幌別町一丁目5-3")]
    [InlineData("登別市幌別町１－５－３", "登別市幌別町一丁目5-3")]
    [InlineData("登別市幌別町1ー5ー3", "登別市幌別町一丁目5-3")]
    [InlineData("登別市幌別町1‐5‐3", "登別市幌別町一丁目5-3")]
    [InlineData("室蘭市東町12丁目3", "室蘭市東町十二丁目3")]
    [InlineData("室蘭市東町20-1-1", "室蘭市東町二十丁目1-1")]
    [InlineData("  登別市 幌別町　1丁目 ", "登別市幌別町一丁目")]
    [InlineData("〒059-0012 登別市幌別町1丁目", "登別市幌別町一丁目")]
    [InlineData("伊達市梅本町", "伊達市梅本町")]
    [InlineData("虻田郡洞爺湖町洞爺湖温泉142", "虻田郡洞爺湖町洞爺湖温泉142")]
    public void Brings_every_way_of_writing_chome_to_the_gazetteer_form(string address, string expected) =>
        Assert.Equal(expected, AddressNormalizer.Normalize(address));

    [Fact]
    public void A_number_without_hyphen_after_the_town_is_left_as_a_lot_number() =>
        Assert.Equal("登別市上登別町12番地", AddressNormalizer.Normalize("登別市上登別町12番地"));

    [Fact]
    public void Only_the_first_hyphenated_block_is_the_chome() =>
        Assert.Equal("登別市幌別町一丁目5-3", AddressNormalizer.Normalize("登別市幌別町1-5-3"));

    [Theory]
    [InlineData(1, "一")]
    [InlineData(9, "九")]
    [InlineData(10, "十")]
    [InlineData(11, "十一")]
    [InlineData(20, "二十")]
    [InlineData(21, "二十一")]
    [InlineData(99, "九十九")]
    public void Kanji_numerals_match_the_gazetteer(int n, string kanji) => Assert.Equal(kanji, AddressNormalizer.ToKanji(n));

    [Theory]
    [InlineData("北海道登別市幌別町", "北海道", "登別市幌別町")]
    [InlineData("登別市幌別町", null, "登別市幌別町")]
    [InlineData("東京都千代田区", "東京都", "千代田区")]
    public void Splits_an_optional_prefecture(string address, string? prefecture, string rest)
    {
        var (p, r) = AddressNormalizer.SplitPrefecture(address);
        Assert.Equal(prefecture, p);
        Assert.Equal(rest, r);
    }

    [Fact]
    public void A_municipality_is_known_with_and_without_its_gun() =>
        Assert.Equal(["虻田郡洞爺湖町", "洞爺湖町"], AddressNormalizer.MunicipalityKeys("虻田郡洞爺湖町").ToArray());

    [Fact]
    public void A_city_has_one_key() => Assert.Equal(["登別市"], AddressNormalizer.MunicipalityKeys("登別市").ToArray());

    [Fact]
    public void A_gun_in_the_middle_of_a_city_name_keeps_the_full_name_first() =>
        Assert.Equal("大和郡山市", AddressNormalizer.MunicipalityKeys("大和郡山市").First());

    [Theory]
    [InlineData("大字山田", "山田")]
    [InlineData("字山田", "山田")]
    [InlineData("霞ヶ丘", "霞ケ丘")]
    [InlineData("霞ケ丘", "霞ケ丘")]
    [InlineData("幌別町一丁目", "幌別町一丁目")]
    public void Town_keys_fold_aza_and_small_ke(string town, string key) => Assert.Equal(key, AddressNormalizer.TownKey(town));

    [Fact]
    public void Empty_input_gives_an_empty_key() => Assert.Equal("", AddressNormalizer.Normalize("   "));
}
