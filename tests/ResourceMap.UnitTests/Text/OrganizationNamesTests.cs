using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Text;

namespace ResourceMap.UnitTests.Text;

public class OrganizationNamesTests
{
    [Theory]
    [InlineData("特定非営利活動法人ほっと室蘭", "NPO法人 ほっと室蘭")]
    [InlineData("特定非営利活動法人ほっと室蘭", "ほっと室蘭（NPO法人）")]
    [InlineData("特定非営利活動法人ほっと室蘭", "特非 ほっと室蘭")]
    [InlineData("特定非営利活動法人ほっと室蘭", "ほっと室蘭【特定非営利活動法人】")]
    [InlineData("特定非営利活動法人ほっと室蘭", "ＮＰＯ法人　ほっと室蘭")]
    [InlineData("認定特定非営利活動法人ほっと室蘭", "認定NPO法人ほっと室蘭")]
    [InlineData("特定非営利活動法人ワカバ会", "ﾜｶﾊﾞ会(特非)")]
    [InlineData("特定非営利活動法人わかば会", "ワカバ会")]
    [InlineData("髙橋記念館", "高橋記念館")]
    [InlineData("山﨑たすけあいの會", "山崎たすけあいの会")]
    [InlineData("藝術の森・交流サロン", "芸術の森交流サロン")]
    [InlineData("株式会社 ケア・ネット", "㈱ケアネット")]
    public void Ways_of_writing_one_name_share_a_core(string register, string written) =>
        Assert.Equal(OrganizationNames.Key(register), OrganizationNames.Key(written));

    [Theory]
    [InlineData("特定非営利活動法人だて地域食堂", "npo")]
    [InlineData("だて地域食堂（NPO法人）", "npo")]
    [InlineData("一般社団法人だて地域食堂", "general_incorporated_association")]
    [InlineData("認定NPO法人 だて地域食堂", "certified_npo")]
    [InlineData("社会福祉法人 だて福祉会", "social_welfare_corporation")]
    [InlineData("だて地域食堂", null)]
    public void The_legal_form_is_read_from_prefix_or_suffix(string name, string? form) =>
        Assert.Equal(form, OrganizationNames.Parse(name).LegalForm);

    [Fact]
    public void Different_names_stay_different()
    {
        Assert.NotEqual(OrganizationNames.Key("だて地域食堂"), OrganizationNames.Key("だて地域食堂ネット"));
        Assert.NotEqual(OrganizationNames.Key("ほっと室蘭"), OrganizationNames.Key("ほっと登別"));
        Assert.False(OrganizationNames.SameLegalForm("npo", "general_incorporated_association"));
        Assert.True(OrganizationNames.SameLegalForm("npo", "certified_npo"));
        Assert.True(OrganizationNames.SameLegalForm(null, "npo"));
    }

    [Fact]
    public void Kana_readings_compare_without_the_legal_forms_reading() =>
        Assert.Equal(OrganizationNames.KanaKey("トクテイヒエイリカツドウホウジン ホットムロラン"), OrganizationNames.KanaKey("ﾎｯﾄ ﾑﾛﾗﾝ"));

    [Fact]
    public void Close_names_score_high_and_unrelated_ones_low()
    {
        Assert.True(OrganizationNames.Similarity(OrganizationNames.Key("のぼりべつ子ども食堂ネット"), OrganizationNames.Key("のぼりべつ子ども食堂ネットワーク")) > 0.8);
        Assert.True(OrganizationNames.Similarity(OrganizationNames.Key("のぼりべつ子ども食堂"), OrganizationNames.Key("白老まちづくり協議会")) < 0.2);
    }
}

public class CorporateNumberCellTests
{
    // 7010401022916 is a valid 法人番号 (check digit 7).
    [Theory]
    [InlineData("7010401022916")]
    [InlineData("T7010401022916")]
    [InlineData("'7010401022916")]
    [InlineData("7-0104-0102-2916")]
    [InlineData("7010 4010 22916")]
    [InlineData("７０１０４０１０２２９１６")]
    [InlineData("Ｔ７０１０４０１０２２９１６")]
    [InlineData("法人番号：7010401022916")]
    [InlineData("法人番号 7010-4010-22916")]
    [InlineData("=\"7010401022916\"")]
    public void Written_forms_of_a_valid_number_are_cleaned(string cell)
    {
        var read = CorporateNumberCell.Read(cell);
        Assert.Equal(CorporateNumberCellKind.Valid, read.Kind);
        Assert.Equal("7010401022916", read.Number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("なし")]
    [InlineData("無")]
    [InlineData("ー")]
    [InlineData("-")]
    [InlineData("空欄")]
    [InlineData("　")]
    [InlineData("法人番号なし")]
    [InlineData("法人番号：なし")]
    [InlineData("任意団体のため無し")]
    [InlineData("T")]
    [InlineData("abc")]
    public void Text_without_a_digit_means_absent(string cell) => Assert.Equal(CorporateNumberCellKind.Absent, CorporateNumberCell.Read(cell).Kind);

    [Theory]
    [InlineData("7.01040E+12")]
    [InlineData("7.010401022916e+12")]
    [InlineData("7E+12")]
    public void Scientific_notation_is_digits_lost_by_Excel(string cell) =>
        Assert.Equal(CorporateNumberCellKind.DigitsLostByExcel, CorporateNumberCell.Read(cell).Kind);

    [Theory]
    [InlineData("7010401022917")]
    [InlineData("701040102291")]
    [InlineData("No. 12345")]
    public void Wrong_numbers_are_invalid(string cell) => Assert.Equal(CorporateNumberCellKind.Invalid, CorporateNumberCell.Read(cell).Kind);
}

public class JapanesePhoneNumberTests
{
    [Theory]
    [InlineData("143851234", "0143851234")]
    [InlineData("9012345678", "09012345678")]
    [InlineData("120123456", "0120123456")]
    [InlineData("5012345678", "05012345678")]
    public void A_lost_leading_zero_is_restored_when_the_result_is_a_valid_number(string cell, string restored) =>
        Assert.Equal(restored, JapanesePhoneNumber.RestoreLeadingZero(cell));

    [Theory]
    [InlineData("0143851234")]
    [InlineData("12345")]
    [InlineData("143-85-1234")]
    [InlineData("9012345")]
    [InlineData("1438512345")] // 11 digits with the 0, but 0143 is a fixed line of 10
    public void Other_cells_are_not_restored(string cell) => Assert.Null(JapanesePhoneNumber.RestoreLeadingZero(cell));
}
