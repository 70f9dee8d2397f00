using System.Text;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.UnitTests.Surveys;

public class TabularReaderTests
{
    static TabularReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Text = "団体名,活動の種類\r\nNPO法人 のぼりべつ,\"居場所づくり、相談窓口の開設\"\r\n\r\nＮＰＯ法人　だて,その他（交流）\r\n";

    private static List<string[]> ReadAll(byte[] bytes, string name = "a.csv", string? encoding = null)
    {
        using var reader = TabularReader.Open(new MemoryStream(bytes), name, encoding);
        Assert.Equal(["団体名", "活動の種類"], reader.Headers);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(reader.Current);
        return rows;
    }

    [Fact]
    public void Utf8_with_and_without_bom_and_shift_jis_read_the_same()
    {
        var utf8 = ReadAll(Encoding.UTF8.GetBytes(Text));
        var bom = ReadAll([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Text)]);
        var sjis = ReadAll(Encoding.GetEncoding(932).GetBytes(Text));
        Assert.Equal(2, utf8.Count);
        Assert.Equal("居場所づくり、相談窓口の開設", utf8[0][1]);
        Assert.Equal(utf8, bom);
        Assert.Equal(utf8, sjis);
    }

    [Fact]
    public void The_detected_encoding_is_reported()
    {
        using var sjis = TabularReader.Open(new MemoryStream(Encoding.GetEncoding(932).GetBytes(Text)), "a.csv", null);
        Assert.Equal("shift_jis", sjis.EncodingName);
        using var utf8 = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(Text)), "a.csv", "auto");
        Assert.Equal("utf-8", utf8.EncodingName);
    }

    [Fact]
    public void A_stated_encoding_that_does_not_fit_is_an_error_not_mojibake()
    {
        var e = Assert.Throws<TabularFileException>(() => ReadAll(Encoding.GetEncoding(932).GetBytes(Text), encoding: "utf-8"));
        Assert.Equal("encoding", e.Field);
    }

    [Fact]
    public void Row_numbers_count_data_rows_and_skip_blank_lines()
    {
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(Text)), "a.csv", null);
        Assert.True(reader.Read());
        Assert.Equal(1, reader.RowNumber);
        Assert.True(reader.Read());
        Assert.Equal("ＮＰＯ法人　だて", reader.Current[0]);
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "a.csv", 415)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x00 }, "a.csv", 415)]
    [InlineData(new byte[] { 0x41, 0x2C, 0x42, 0x0D, 0x0A }, "a.xlsx", 415)]
    [InlineData(new byte[0], "a.csv", 400)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF }, "a.csv", 400)]
    public void Files_that_are_not_csv_or_are_empty_are_refused(byte[] bytes, string name, int status)
    {
        var e = Assert.Throws<TabularFileException>(() => TabularReader.Open(new MemoryStream(bytes), name, null).Dispose());
        Assert.Equal(status, e.Status);
    }
}
