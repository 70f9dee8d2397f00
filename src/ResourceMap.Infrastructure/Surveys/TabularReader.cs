using System.Globalization;
using System.Text;
using CsvHelper;
using System.IO.Compression;
using ExcelDataReader;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>A file that cannot be read as a table at all; nothing of it is imported. The reason comes in Japanese and English.</summary>
public sealed class TabularFileException(int status, string field, string detailJa, string detail) : Exception(detail)
{
    public TabularFileException(int status, string field, string detail) : this(status, field, detail, detail) { }

    /// <summary>400 for a malformed file, 413 for one too large once inflated, 415 for a file that is not what its name says.</summary>
    public int Status { get; } = status;
    public string Field { get; } = field;
    public string DetailJa { get; } = detailJa;
}

/// <summary>Where the table of a file is: which sheet, which row holds the header.</summary>
/// <param name="HeaderRow">The header's 1-based row in the sheet; null to detect it among the first rows.</param>
/// <param name="Sheet">The sheet's name (XLSX); null for the first sheet whose header is found.</param>
/// <param name="HeaderScore">How well a row reads as the header (mapped headers it holds); 0 or less: not the header.</param>
/// <param name="Expected">The headers the header row must hold, for the message when none is found.</param>
public sealed record TableLayout(int? HeaderRow = null, string? Sheet = null, Func<IReadOnlyList<string>, int>? HeaderScore = null, string? Expected = null)
{
    /// <summary>The first row is the header, on the first sheet.</summary>
    public static readonly TableLayout FirstRow = new(HeaderRow: 1);
}

/// <summary>
/// Reads an uploaded CSV or tab-separated text (UTF-8 with or without BOM, Windows-31J, UTF-16 with BOM as Excel's
/// "Unicode text" writes it), XLSX or Excel 97-2003 .xls one row at a time, so a file of any length is never held in
/// memory. The format and the separator are taken from the content, not the name; the encoding is detected (BOM, then
/// strict UTF-8 on the first 64 KB, else Windows-31J) unless stated, and decoded strictly, so a file that mixes
/// encodings fails instead of importing mojibake. Title rows above the header are skipped (the header is detected or
/// given), a workbook's answers may be on any sheet, and row numbers are the spreadsheet's, as staff see them.
/// </summary>
public sealed class TabularReader : IDisposable
{
    public const int MaxColumns = 500;
    public const int MaxCellChars = 32_768;
    /// <summary>How many rows from the top are searched for the header.</summary>
    public const int HeaderSearchRows = 30;
    /// <summary>Default limit on the inflated size of an XLSX's parts together.</summary>
    public const long DefaultMaxInflatedBytes = 512L * 1024 * 1024;
    private const int SniffBytes = 64 * 1024;

    private readonly CsvReader? _csv;
    private readonly IExcelDataReader? _excel;
    private readonly Queue<(int Row, string[] Cells)> _buffered = new();
    private int _physicalRow;

    private TabularReader(Stream stream, string format, string encoding, CsvReader? csv, IExcelDataReader? excel)
    {
        Format = format;
        EncodingName = encoding;
        _csv = csv;
        _excel = excel;
    }

    public string Format { get; }
    public string EncodingName { get; }
    public IReadOnlyList<string> Headers { get; private set; } = [];
    /// <summary>
    /// The labels of the row under a header whose questions span several columns (a merged cell, exported as the
    /// question followed by empty cells, with its options or parts in the row below): per column the label under it,
    /// "" elsewhere; empty when the header has no such row. The spanned columns after the first are named
    /// 「question／label」 in <see cref="Headers"/>; the first keeps the question, so a profile finds it.
    /// </summary>
    public IReadOnlyList<string> SubHeaders { get; private set; } = [];
    /// <summary>The header's row in the sheet (1-based).</summary>
    public int HeaderRow { get; private set; }
    /// <summary>The sheet read (XLSX), else null.</summary>
    public string? SheetName { get; private set; }
    /// <summary>The current row's number in the spreadsheet (1-based, title rows and the header counted), as staff see it.</summary>
    public int RowNumber { get; private set; }
    public string[] Current { get; private set; } = [];
    /// <summary>The header row as the file writes it: under merged cells, <see cref="Headers"/> names the spanned columns.</summary>
    private string[] _headerAsWritten = [];
    /// <summary>Filled cells of the current row to the right of the header's last column (an unquoted comma shifts cells there).</summary>
    public int CellsBeyondHeader { get; private set; }

    /// <summary>The current row repeats the header (two exports pasted one under the other).</summary>
    public bool RepeatsHeader { get; private set; }

    /// <summary>
    /// Cells of the current row that held NUL characters, which are removed: no export means them, and PostgreSQL
    /// text cannot hold them (a name with one could be imported but never published).
    /// </summary>
    public int CellsWithNulRemoved { get; private set; }

    /// <summary>Opens a file whose first row is the header.</summary>
    public static TabularReader Open(Stream stream, string fileName, string? requestedEncoding) =>
        Open(stream, fileName, requestedEncoding, TableLayout.FirstRow);

    /// <param name="stream">A seekable stream positioned at the start of the file.</param>
    /// <param name="requestedEncoding">auto (or null), utf-8, shift_jis or cp932.</param>
    /// <param name="maxInflatedBytes">An XLSX whose parts would inflate past this is refused before anything is inflated.</param>
    public static TabularReader Open(Stream stream, string fileName, string? requestedEncoding, TableLayout layout,
        long maxInflatedBytes = DefaultMaxInflatedBytes)
    {
        var head = new byte[SniffBytes];
        var length = ReadAtMost(stream, head);
        stream.Position = 0;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (length == 0 || (length == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF))
            throw new TabularFileException(400, "file", "ファイルが空です。", "The file is empty.");

        var isZip = length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
        TabularReader reader;
        if (head.AsSpan(0, length).StartsWith(CompoundFileSignature))
        {
            // Excel 97-2003 (.xls) is a compound file: a BIFF stream not compressed, so its size is the upload's.
            reader = OpenExcel(stream, binary: true);
        }
        else if (isZip)
        {
            if (extension is not (".xlsx" or ".xlsm"))
                throw new TabularFileException(415, "file", $"ファイル名は {extension} ですが、中身は ZIP（Excel ブック？）です。CSV を送るか、名前を .xlsx にしてください。",
                    $"The file is named {extension} but is a ZIP archive (an Excel workbook?); send CSV text or name it .xlsx.");
            CheckInflatedSize(stream, maxInflatedBytes);
            reader = OpenExcel(stream, binary: false);
        }
        else
        {
            if (extension is ".xlsx" or ".xlsm" or ".xls")
                throw new TabularFileException(415, "file", $"ファイル名は {extension} ですが、Excel ブック（.xlsx）ではありません。",
                    $"The file is named {extension} but is not an Excel workbook.");
            if (Utf16ByteOrder(head.AsSpan(0, length)) is null && LooksBinary(head.AsSpan(0, length)))
                throw new TabularFileException(415, "file", "CSV のテキストではありません（バイナリを含みます）。CSV（UTF-8 または Shift_JIS）か XLSX を送ってください。",
                    "The file is not CSV text (it contains binary data); send CSV (UTF-8 or Shift_JIS) or XLSX.");
            reader = OpenCsv(stream, head.AsSpan(0, length), requestedEncoding);
        }
        try
        {
            reader.FindHeader(layout);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        return reader;
    }

    /// <summary>
    /// A zip's central directory states each part's inflated size; the sum is checked before anything is inflated,
    /// and .NET's zip reader stops at the stated size, so a part cannot inflate past what it declared.
    /// </summary>
    private static void CheckInflatedSize(Stream stream, long limit)
    {
        long total;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            total = zip.Entries.Sum(e => e.Length);
        }
        catch (InvalidDataException)
        {
            throw new TabularFileException(415, "file", "ZIP ファイルが壊れているか、Excel ブックではありません。", "The ZIP archive is not a readable XLSX workbook.");
        }
        finally
        {
            stream.Position = 0;
        }
        if (total > limit)
            throw new TabularFileException(413, "file",
                $"このブックは展開すると {total / 1024 / 1024:N0} MB になり、上限 {limit / 1024 / 1024:N0} MB（Imports:MaxInflatedXlsxBytes）を超えるため読み込みません。",
                $"The workbook inflates to {total / 1024 / 1024:N0} MB, above the limit of {limit / 1024 / 1024:N0} MB (Imports:MaxInflatedXlsxBytes); it is not read.");
    }

    /// <summary>The first bytes of an OLE compound file, the container of Excel 97-2003 workbooks.</summary>
    private static ReadOnlySpan<byte> CompoundFileSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static TabularReader OpenExcel(Stream stream, bool binary)
    {
        IExcelDataReader excel;
        try
        {
            // Old workbooks name their strings' code page (932 for Japanese Excel): the code-page encodings must be known.
            if (binary) Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            excel = binary ? ExcelReaderFactory.CreateBinaryReader(stream) : ExcelReaderFactory.CreateOpenXmlReader(stream);
        }
        catch (ExcelDataReader.Exceptions.InvalidPasswordException)
        {
            throw PasswordProtected();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw binary
                ? new TabularFileException(415, "file", "Excel 97-2003 ブック（.xls）として読めません（壊れているか、Word など別の文書です）。",
                    "The file is a compound document but not a readable Excel 97-2003 workbook (.xls): damaged, or another kind of document.")
                : new TabularFileException(415, "file", "ZIP ファイルが壊れているか、Excel ブックではありません。", "The ZIP archive is not a readable XLSX workbook.");
        }
        // A compound file may also wrap an encrypted XLSX, which the library decrypts (with Excel's default password)
        // into memory: its parts would escape the inflated-size check, so it is refused like a protected one.
        if (binary && excel.GetType().Name != "ExcelBinaryReader")
        {
            excel.Dispose();
            throw PasswordProtected();
        }
        return new TabularReader(stream, binary ? "xls" : "xlsx", binary ? "biff8" : "utf-8", null, excel);
    }

    private static TabularFileException PasswordProtected() =>
        new(400, "file", "パスワードで保護された（暗号化された）ブックは読めません。保護を解除して保存し直してください。",
            "The workbook is password-protected (encrypted); remove the protection and save it again.");

    /// <summary>UTF-16 is recognised by its byte-order mark, which Excel's "Unicode text" always writes: true for big-endian.</summary>
    private static bool? Utf16ByteOrder(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? false : head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? true : null;

    private static TabularReader OpenCsv(Stream stream, ReadOnlySpan<byte> head, string? requested)
    {
        var hasBom = head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        var utf16 = Utf16ByteOrder(head);
        string name;
        switch (requested?.Trim().ToLowerInvariant())
        {
            // A UTF-16 byte-order mark decides: such a file cannot be read as anything else.
            case var _ when utf16 is not null:
                name = utf16.Value ? "utf-16be" : "utf-16";
                break;
            case null or "" or "auto":
                name = hasBom || IsUtf8(head) ? "utf-8" : "shift_jis";
                break;
            case "utf-8" or "utf8":
                name = "utf-8";
                break;
            case "shift_jis" or "shift-jis" or "sjis" or "cp932" or "windows-31j":
                name = "shift_jis";
                break;
            case "utf-16" or "utf-16le" or "unicode":
                name = "utf-16";
                break;
            default:
                throw new TabularFileException(400, "encoding", $"文字コード「{requested}」は使えません。auto、utf-8、shift_jis、utf-16 のいずれかです。",
                    $"Unknown encoding '{requested}'; use auto, utf-8, shift_jis or utf-16.");
        }
        // Strict decoders: an invalid byte is an error, never a replacement character.
        Encoding encoding = name switch
        {
            "utf-8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
            "utf-16" or "utf-16be" => new UnicodeEncoding(bigEndian: name == "utf-16be", byteOrderMark: false, throwOnInvalidBytes: true),
            _ => Windows31J.Strict(),
        };
        // Separators, quotes and line ends are ASCII, never part of a multi-byte character: Latin-1 shows them in UTF-8 and Windows-31J alike.
        var sniffing = name switch { "utf-16" => Encoding.Unicode, "utf-16be" => Encoding.BigEndianUnicode, _ => Encoding.Latin1 };
        var separator = TextSeparator.Detect(sniffing.GetString(head));
        // The byte-order mark is skipped here rather than by the StreamReader, which would swap in a lenient decoder.
        stream.Position = name == "utf-8" && hasBom ? 3 : utf16 is not null ? 2 : 0;
        var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        // Without a header row and keeping empty lines: the header is found among the rows, and every line is a
        // spreadsheet row when staff open the file in Excel.
        var csv = CsvReader.Create(text, new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            SkipEmptyLines = false,
            MaxRecordSize = MaxColumns * MaxCellChars,
        });
        return new TabularReader(stream, separator == '\t' ? "tsv" : "csv", name, csv, null);
    }

    /// <summary>
    /// Finds the header: the stated row, else the row among the first <see cref="HeaderSearchRows"/> that holds the
    /// most mapped headers (title rows above it are skipped); on a workbook, the named sheet, else the first sheet
    /// where such a row is found. The rows read past the header are kept and returned by <see cref="Read"/>.
    /// </summary>
    private void FindHeader(TableLayout layout)
    {
        var sheets = new List<string>();
        while (true)
        {
            SheetName = _excel?.Name;
            if (SheetName is not null) sheets.Add(SheetName);
            var wanted = layout.Sheet is null || _excel is null || string.Equals(SheetName?.Trim(), layout.Sheet.Trim(), StringComparison.OrdinalIgnoreCase);
            if (wanted && TryHeaderOfSheet(layout)) return;
            if (_excel is not null && layout.Sheet is not null && wanted)
                throw NoHeader(layout, $"シート「{SheetName}」", $"sheet '{SheetName}'");
            if (_excel is null || !_excel.NextResult()) break;
            _physicalRow = 0;
            _buffered.Clear();
        }
        if (_excel is not null && layout.Sheet is not null)
            throw new TabularFileException(400, "sheet", $"シート「{layout.Sheet}」がありません（あるシート: {string.Join("、", sheets)}）。",
                $"The workbook has no sheet '{layout.Sheet}' (it has: {string.Join(", ", sheets)}).");
        throw NoHeader(layout, _excel is null ? "ファイル" : "どのシート", _excel is null ? "the file" : "any sheet");
    }

    private static TabularFileException NoHeader(TableLayout layout, string whereJa, string whereEn)
    {
        var expected = layout.Expected is null ? "" : $" Required columns: {layout.Expected}.";
        var expectedJa = layout.Expected is null ? "" : $"必要な列: {layout.Expected}。";
        return layout.HeaderRow is { } row
            ? new TabularFileException(400, "file", $"{whereJa}の {row} 行目に見出し行がありません（必要な列が見つかりません）。{expectedJa}",
                $"Row {row} of {whereEn} is not a header row: the required columns are not there.{expected}")
            : new TabularFileException(400, "file", $"{whereJa}の先頭 {HeaderSearchRows} 行に見出し行が見つかりません。{expectedJa}ファイルかマッピングプロファイルを確認してください。",
                $"No header row with the required columns in the first {HeaderSearchRows} rows of {whereEn}.{expected} Check the file or the mapping profile.");
    }

    private bool TryHeaderOfSheet(TableLayout layout)
    {
        var score = layout.HeaderScore ?? (_ => 1);
        var scanned = new List<(int Row, string[] Cells)>();
        var limit = layout.HeaderRow ?? HeaderSearchRows;
        while (scanned.Count < limit && ReadPhysical())
            scanned.Add((_physicalRow, Current));
        (int Row, string[] Cells)? header = null;
        var best = 0;
        foreach (var candidate in scanned)
        {
            if (layout.HeaderRow is { } wanted && candidate.Row != wanted) continue;
            if (candidate.Cells.All(c => c.Trim().Length == 0)) continue;
            var points = score(Trimmed(candidate.Cells));
            if (points <= best) continue;
            best = points;
            header = candidate;
        }
        if (header is null) return false;
        HeaderRow = header.Value.Row;
        Headers = _headerAsWritten = Trimmed(header.Value.Cells);
        if (Headers.Count > MaxColumns)
            throw new TabularFileException(400, "file", $"見出しが {Headers.Count} 列あります。{MaxColumns} 列までです。",
                $"The header has {Headers.Count} columns; at most {MaxColumns} are accepted.");
        var below = scanned.Where(r => r.Row > HeaderRow).ToList();
        // A stated header row ends the scan at the header: the row below is read to see whether it labels spanned columns.
        if (below.Count == 0 && ReadPhysical()) below.Add((_physicalRow, Current));
        if (below.Count > 0 && below[0].Row == HeaderRow + 1 && SpannedHeader(Headers, Trimmed(below[0].Cells)) is { } spanned)
        {
            (Headers, SubHeaders) = spanned;
            below.RemoveAt(0);
        }
        foreach (var row in below) _buffered.Enqueue(row);
        Current = Headers.ToArray();
        RowNumber = HeaderRow;
        CheckCells();
        return true;
    }

    /// <summary>Whether the cells read as the header does (most rows differ in their first cell).</summary>
    /// <summary>
    /// Whether a row is the header again: its header row as written (spanned columns not yet renamed) or, under merged
    /// header cells, its sub-header row.
    /// </summary>
    private bool SameAsHeader(string[] cells)
    {
        static bool Same(string[] cells, IReadOnlyList<string> header)
        {
            for (var i = 0; i < header.Count; i++)
                if (!(i < cells.Length ? cells[i] : "").AsSpan().Trim().SequenceEqual(header[i])) return false;
            return true;
        }
        return Same(cells, _headerAsWritten) || (SubHeaders.Count > 0 && Same(cells, SubHeaders));
    }

    /// <summary>
    /// The header with the row below read as its sub-header, or null when that row is not one: it labels every column
    /// of at least one question that spans several columns (a header cell followed by empty ones) and nothing else
    /// (an answer row has text under the single-column questions, such as the organisation's name).
    /// </summary>
    internal static (string[] Headers, string[] SubHeaders)? SpannedHeader(IReadOnlyList<string> headers, IReadOnlyList<string> below)
    {
        var width = Math.Max(headers.Count, below.Count);
        string At(IReadOnlyList<string> row, int i) => i < row.Count ? row[i] : "";
        // Each column's question: its own header cell, or the nearest filled one to its left.
        var owner = new int[width];
        for (var i = 0; i < width; i++) owner[i] = At(headers, i).Length > 0 || i == 0 ? i : owner[i - 1];
        var spans = Enumerable.Range(0, width).GroupBy(i => owner[i]).Where(g => At(headers, g.Key).Length > 0).ToList();
        var spanning = spans.Where(g => g.Count() > 1).ToList();
        if (spanning.Count == 0) return null;
        if (!spanning.All(g => g.All(i => At(below, i).Length > 0))) return null;
        if (spans.Where(g => g.Count() == 1).Any(g => At(below, g.Key).Length > 0)) return null;
        if (Enumerable.Range(0, width).Any(i => At(headers, owner[i]).Length == 0 && At(below, i).Length > 0)) return null;
        var named = new string[width];
        var labels = new string[width];
        for (var i = 0; i < width; i++)
        {
            var question = At(headers, owner[i]);
            var spanned = spanning.Any(g => g.Key == owner[i]);
            labels[i] = spanned ? At(below, i) : "";
            named[i] = !spanned || owner[i] == i ? At(headers, i) : $"{question}／{labels[i]}";
        }
        return (named, labels);
    }

    /// <summary>Header cells trimmed (a stray BOM and NUL characters dropped), without the empty cells after the last title.</summary>
    private static string[] Trimmed(string[] cells)
    {
        var headers = cells.Select(h => h.Replace("\0", "", StringComparison.Ordinal).Trim().TrimStart('\uFEFF').Trim()).ToList();
        while (headers.Count > 0 && headers[^1].Length == 0) headers.RemoveAt(headers.Count - 1);
        return headers.ToArray();
    }

    /// <summary>Moves to the next non-empty row below the header; false at the end of the sheet.</summary>
    public bool Read()
    {
        while (true)
        {
            if (_buffered.TryDequeue(out var buffered))
            {
                RowNumber = buffered.Row;
                Current = buffered.Cells;
            }
            else if (ReadPhysical()) RowNumber = _physicalRow;
            else return false;
            CheckCells();
            if (!Current.Any(c => c.Length > 0)) continue;
            var beyond = 0;
            for (var i = Headers.Count; i < Current.Length; i++) if (Current[i].Trim().Length > 0) beyond++;
            CellsBeyondHeader = beyond;
            RepeatsHeader = beyond == 0 && SameAsHeader(Current);
            return true;
        }
    }

    /// <summary>Reads the next physical row of the file or sheet into <see cref="Current"/>.</summary>
    private bool ReadPhysical()
    {
        var more = _csv is not null ? ReadCsvRow() : ReadExcelRow();
        if (!more) return false;
        _physicalRow++;
        return true;
    }

    private bool ReadCsvRow()
    {
        var more = false;
        Guard(() =>
        {
            more = _csv!.Read();
            if (!more) return;
            CheckWidth(_csv.FieldCount);
            var cells = new string[_csv.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = _csv.GetString(i);
            Current = cells;
        });
        return more;
    }

    private bool ReadExcelRow()
    {
        bool more;
        try
        {
            more = _excel!.Read();
            if (!more) return false;
            CheckWidth(_excel.FieldCount);
            var cells = new string[_excel.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = CellText(_excel.GetValue(i));
            Current = cells;
        }
        catch (TabularFileException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TabularFileException(400, "file", $"{_physicalRow} 行目より後のブックを読めません（{e.GetType().Name}）。",
                $"The workbook cannot be read after row {_physicalRow}: {e.GetType().Name}.");
        }
        return true;
    }

    /// <summary>Excel types a 法人番号 or a phone as a number and a timestamp as a date: give them back as the text a form shows.</summary>
    private static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy/MM/dd" : "yyyy/MM/dd H:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private void CheckWidth(int fields)
    {
        if (fields > MaxColumns)
            throw new TabularFileException(400, "file", $"{_physicalRow + 1} 行目が {fields} 列あります。{MaxColumns} 列までです。",
                $"Row {_physicalRow + 1} has {fields} columns; at most {MaxColumns} are accepted.");
    }

    private void CheckCells()
    {
        CellsWithNulRemoved = 0;
        for (var i = 0; i < Current.Length; i++)
        {
            if (Current[i].Contains('\0'))
            {
                Current[i] = Current[i].Replace("\0", "", StringComparison.Ordinal);
                CellsWithNulRemoved++;
            }
            if (Current[i].Length <= MaxCellChars) continue;
            var header = i < Headers.Count ? Headers[i] : $"column {i + 1}";
            throw new TabularFileException(400, "file",
                $"{RowNumber} 行目の「{header}」が {Current[i].Length:N0} 文字あります。1 つのセルは {MaxCellChars:N0} 文字までです。",
                $"Row {RowNumber}, column '{header}' holds {Current[i].Length:N0} characters; a cell may hold at most {MaxCellChars:N0}.");
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (DecoderFallbackException)
        {
            var encoding = EncodingName switch { "utf-8" => "UTF-8", "shift_jis" => "Shift_JIS (Windows-31J)", _ => "UTF-16" };
            throw new TabularFileException(400, "encoding",
                $"{_physicalRow} 行目より後が {encoding} として正しくありません（文字コードが混在しているか、壊れています）。UTF-8 か Shift_JIS で保存し直してください。",
                $"The file is not valid {encoding} after row {_physicalRow}: it mixes encodings or is damaged. Save it again as UTF-8 or Shift_JIS.");
        }
        catch (CsvFormatException e)
        {
            throw new TabularFileException(400, "file", $"{_physicalRow} 行目より後の CSV の形式が正しくありません: {e.Message}",
                $"The CSV is malformed after row {_physicalRow}: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new TabularFileException(400, "file", $"{_physicalRow} 行目より後の CSV を読めません: {e.Message}",
                $"The CSV cannot be read after row {_physicalRow}: {e.Message}");
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> head)
    {
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var chars = new char[head.Length + 1];
        try
        {
            // flush: false — the sniffed block may end inside a multi-byte character.
            decoder.GetChars(head, chars, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0) return true;
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D)) control++;
        }
        return control > head.Length / 100 + 1;
    }

    private static int ReadAtMost(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    public void Dispose()
    {
        _csv?.Dispose();
        _excel?.Dispose();
    }
}
