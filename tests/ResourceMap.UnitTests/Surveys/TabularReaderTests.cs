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
    public void Excel_unicode_text_and_tab_separated_text_read_like_the_csv()
    {
        // Excel's "Unicode text": UTF-16 LE with its byte-order mark, tabs between cells; "text (tab-separated)": Windows-31J.
        var tabbed = Text.Replace("\"居場所づくり、相談窓口の開設\"", "居場所づくり, 相談窓口の開設").Replace(',', '\t').Replace("居場所づくり\t 相談窓口", "居場所づくり, 相談窓口");
        var expected = ReadAll(Encoding.UTF8.GetBytes(Text.Replace("居場所づくり、相談窓口の開設", "居場所づくり, 相談窓口の開設")));
        using (var unicode = TabularReader.Open(new MemoryStream([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(tabbed)]), "answers.txt", null))
        {
            Assert.Equal(("tsv", "utf-16"), (unicode.Format, unicode.EncodingName));
            Assert.Equal(["団体名", "活動の種類"], unicode.Headers);
        }
        Assert.Equal(expected, ReadAll([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(tabbed)], "answers.txt"));
        Assert.Equal(expected, ReadAll([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(tabbed)], "answers.csv"));
        Assert.Equal(expected, ReadAll(Encoding.GetEncoding(932).GetBytes(tabbed), "answers.csv"));
    }

    [Theory]
    [InlineData("団体名,活動の種類,備考\r\nA,\"居場所, 相談\",x\r\nB,居場所,y\r\n", ',')]
    [InlineData("調査票 回答\r\n\r\n団体名\t活動の種類\t備考\r\nA\t居場所, 相談, 見守り\tx\r\nB\t居場所, 相談\ty\r\nC\t居場所\tz\r\n", '\t')]
    [InlineData("団体名\t住所,電話\r\nA\t登別市\r\n", '\t')]
    [InlineData("団体名,所在地\r\nA,\"登別市\t中央町\"\r\nB,伊達市\r\n", ',')]
    public void The_separator_is_the_one_on_which_the_rows_agree(string head, char expected) =>
        Assert.Equal(expected, TextSeparator.Detect(head));

    [Fact]
    public void A_row_labelling_the_columns_of_merged_question_cells_is_read_as_their_sub_header()
    {
        // Excel writes a merged header cell as its text followed by empty cells; the options or parts are in the row below.
        const string merged = "団体名,所在地,,活動内容,,\r\n,市町村,番地,居場所づくり,相談窓口,アウトリーチ\r\nA,登別市,中央町1,○,,○\r\n";
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(merged)), "a.csv", null);
        Assert.Equal(["団体名", "所在地", "所在地／番地", "活動内容", "活動内容／相談窓口", "活動内容／アウトリーチ"], reader.Headers);
        Assert.Equal(["", "市町村", "番地", "居場所づくり", "相談窓口", "アウトリーチ"], reader.SubHeaders);
        Assert.True(reader.Read());
        Assert.Equal(3, reader.RowNumber);
        Assert.Equal(["A", "登別市", "中央町1", "○", "", "○"], reader.Current);
        Assert.Equal(0, reader.CellsBeyondHeader);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Both_rows_of_a_merged_header_pasted_again_are_the_header_again()
    {
        const string pasted = "団体名,活動内容,,\r\n,居場所づくり,相談窓口,アウトリーチ\r\nA,○,,○\r\n"
                              + "団体名,活動内容,,\r\n,居場所づくり,相談窓口,アウトリーチ\r\nB,,○,\r\n";
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(pasted)), "a.csv", null);
        var rows = new List<(int Row, bool Header)>();
        while (reader.Read()) rows.Add((reader.RowNumber, reader.RepeatsHeader));
        Assert.Equal([(3, false), (4, true), (5, true), (6, false)], rows);
    }

    [Theory]
    // An answer row: text under a single-column question.
    [InlineData("団体名,活動内容,,\r\nA,居場所づくり,相談窓口,x\r\n")]
    // A spanning question with a column left unlabelled.
    [InlineData("団体名,活動内容,,\r\n,居場所づくり,,アウトリーチ\r\nA,○,,○\r\n")]
    // No question spans columns.
    [InlineData("団体名,活動内容\r\n,居場所づくり\r\nA,○\r\n")]
    public void A_row_under_the_header_that_is_not_a_sub_header_stays_a_row(string text)
    {
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), "a.csv", null);
        Assert.Empty(reader.SubHeaders);
        Assert.True(reader.Read());
        Assert.Equal(2, reader.RowNumber);
    }

    [Fact]
    public void Invalid_bytes_after_a_byte_order_mark_are_an_error_not_replacement_characters()
    {
        byte[] broken = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("団体名,活動の種類\r\nA,"), 0xFF, 0xFE, 0x41, .. "\r\n"u8];
        Assert.Equal("encoding", Assert.Throws<TabularFileException>(() => ReadAll(broken)).Field);
        byte[] brokenUtf16 = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("団体名\t活動の種類\r\nA\t"), 0x00, 0xD8, 0x41, 0x00, .. Encoding.Unicode.GetBytes("\r\n")];
        Assert.Equal("encoding", Assert.Throws<TabularFileException>(() => ReadAll(brokenUtf16)).Field);
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
    public void Row_numbers_are_the_spreadsheets_and_blank_lines_are_skipped()
    {
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(Text)), "a.csv", null);
        Assert.Equal(1, reader.HeaderRow);
        Assert.True(reader.Read());
        Assert.Equal(2, reader.RowNumber);
        Assert.True(reader.Read());
        Assert.Equal("ＮＰＯ法人　だて", reader.Current[0]);
        Assert.Equal(4, reader.RowNumber);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Title_rows_above_the_header_are_skipped_and_rows_keep_their_spreadsheet_numbers()
    {
        const string titled = "令和6年度 地域資源調査 回答一覧\r\n出力日: 2024/03/01,,\r\n\r\n団体名,活動の種類\r\nほっと室蘭,居場所づくり\r\nだて食堂,その他\r\n";
        var layout = new TableLayout(HeaderScore: h => h.Contains("団体名") ? 1 + h.Count(x => x == "活動の種類") : 0);
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(titled)), "a.csv", null, layout);
        Assert.Equal(4, reader.HeaderRow);
        Assert.Equal(["団体名", "活動の種類"], reader.Headers);
        Assert.True(reader.Read());
        Assert.Equal((5, "ほっと室蘭"), (reader.RowNumber, reader.Current[0]));
        Assert.True(reader.Read());
        Assert.Equal(6, reader.RowNumber);
        using var explicitRow = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(titled)), "a.csv", null, new TableLayout(HeaderRow: 4));
        Assert.Equal(["団体名", "活動の種類"], explicitRow.Headers);
        var e = Assert.Throws<TabularFileException>(() => TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(titled)), "a.csv", null,
            new TableLayout(HeaderScore: _ => 0)));
        Assert.Contains("見出し行", e.DetailJa);
    }

    [Fact]
    public void Windows_31J_extension_characters_decode_as_Windows_decodes_them()
    {
        // 8790 ≒, 8791 ≡, 8792 ∫, 8740 ① (NEC row 13), ED40 纊 (NEC-selected IBM), FA40 ⅰ, FA4A Ⅰ, FBFC 髙, FC4B 黑 (IBM).
        byte[] bytes = [.. Encoding.ASCII.GetBytes("name\r\n"), 0x87, 0x90, 0x87, 0x91, 0x87, 0x92, 0xED, 0x40, 0xFA, 0x40, 0xFA, 0x4A, 0xFB, 0xFC, 0xFC, 0x4B, 0x87, 0x40, 0x0D, 0x0A];
        using var reader = TabularReader.Open(new MemoryStream(bytes), "a.csv", null);
        Assert.Equal("shift_jis", reader.EncodingName);
        Assert.True(reader.Read());
        Assert.Equal("≒≡∫纊ⅰⅠ髙黑①", reader.Current[0]);
    }

    [Fact]
    public void A_workbook_that_would_inflate_past_the_limit_is_refused_before_it_is_inflated()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var part = archive.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.Optimal).Open())
            part.Write(new byte[3 * 1024 * 1024]);
        Assert.True(zip.Length < 100 * 1024);
        zip.Position = 0;
        var e = Assert.Throws<TabularFileException>(() => TabularReader.Open(zip, "bomb.xlsx", null, TableLayout.FirstRow, maxInflatedBytes: 1024 * 1024).Dispose());
        Assert.Equal(413, e.Status);
        Assert.Contains("Imports:MaxInflatedXlsxBytes", e.Message);
        Assert.Contains("上限", e.DetailJa);
    }

    [Fact]
    public void Filled_cells_beyond_the_header_are_counted()
    {
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes("a,b\r\n1,2,3\r\n1,2,,\r\n")), "a.csv", null);
        Assert.True(reader.Read());
        Assert.Equal(1, reader.CellsBeyondHeader);
        Assert.True(reader.Read());
        Assert.Equal(0, reader.CellsBeyondHeader);
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
