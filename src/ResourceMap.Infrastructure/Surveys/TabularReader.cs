using System.Globalization;
using System.Text;
using CsvHelper;
using ExcelDataReader;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>A file that cannot be read as a table at all; nothing of it is imported.</summary>
public sealed class TabularFileException(int status, string field, string detail) : Exception(detail)
{
    /// <summary>400 for a malformed file, 415 for a file that is not what its name says.</summary>
    public int Status { get; } = status;
    public string Field { get; } = field;
}

/// <summary>
/// Reads an uploaded CSV (UTF-8 with or without BOM, Shift_JIS/CP932) or XLSX one row at a time, so a file of any
/// length is never held in memory. The format is taken from the content, not the name; the encoding is detected
/// (BOM, then strict UTF-8 on the first 64 KB, else CP932) unless stated, and decoded strictly, so a file that mixes
/// encodings fails instead of importing mojibake.
/// </summary>
public sealed class TabularReader : IDisposable
{
    public const int MaxColumns = 500;
    public const int MaxCellChars = 32_768;
    private const int SniffBytes = 64 * 1024;

    private readonly CsvReader? _csv;
    private readonly IExcelDataReader? _excel;
    private readonly Stream _stream;

    static TabularReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private TabularReader(Stream stream, string format, string encoding, CsvReader? csv, IExcelDataReader? excel)
    {
        _stream = stream;
        Format = format;
        EncodingName = encoding;
        _csv = csv;
        _excel = excel;
    }

    public string Format { get; }
    public string EncodingName { get; }
    public IReadOnlyList<string> Headers { get; private set; } = [];
    /// <summary>1-based data row number (the header is row 0), as staff see it when they open the file.</summary>
    public int RowNumber { get; private set; }
    public string[] Current { get; private set; } = [];

    /// <param name="stream">A seekable stream positioned at the start of the file.</param>
    /// <param name="requestedEncoding">auto (or null), utf-8, shift_jis or cp932.</param>
    public static TabularReader Open(Stream stream, string fileName, string? requestedEncoding)
    {
        var head = new byte[SniffBytes];
        var length = ReadAtMost(stream, head);
        stream.Position = 0;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (length == 0 || (length == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF))
            throw new TabularFileException(400, "file", "The file is empty.");

        var isZip = length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
        if (isZip)
        {
            if (extension is not (".xlsx" or ".xlsm"))
                throw new TabularFileException(415, "file", $"The file is named {extension} but is a ZIP archive (an Excel workbook?); send CSV text or name it .xlsx.");
            return OpenExcel(stream);
        }
        if (extension is ".xlsx" or ".xlsm" or ".xls")
            throw new TabularFileException(415, "file", $"The file is named {extension} but is not an Excel workbook.");
        if (LooksBinary(head.AsSpan(0, length)))
            throw new TabularFileException(415, "file", "The file is not CSV text (it contains binary data); send CSV (UTF-8 or Shift_JIS) or XLSX.");
        return OpenCsv(stream, head.AsSpan(0, length), requestedEncoding);
    }

    private static TabularReader OpenExcel(Stream stream)
    {
        IExcelDataReader excel;
        try
        {
            excel = ExcelReaderFactory.CreateOpenXmlReader(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TabularFileException(415, "file", "The ZIP archive is not a readable XLSX workbook.");
        }
        var reader = new TabularReader(stream, "xlsx", "utf-8", null, excel);
        reader.ReadExcelHeader();
        return reader;
    }

    private static TabularReader OpenCsv(Stream stream, ReadOnlySpan<byte> head, string? requested)
    {
        var hasBom = head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        string name;
        switch (requested?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                name = hasBom || IsUtf8(head) ? "utf-8" : "shift_jis";
                break;
            case "utf-8" or "utf8":
                name = "utf-8";
                break;
            case "shift_jis" or "shift-jis" or "sjis" or "cp932" or "windows-31j":
                name = "shift_jis";
                break;
            default:
                throw new TabularFileException(400, "encoding", $"Unknown encoding '{requested}'; use auto, utf-8 or shift_jis.");
        }
        // Strict decoders: an invalid byte is an error, never a replacement character.
        Encoding encoding = name == "utf-8"
            ? new UTF8Encoding(false, throwOnInvalidBytes: true)
            : Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: name == "utf-8", bufferSize: 64 * 1024, leaveOpen: true);
        var csv = CsvReader.Create(text, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            MaxRecordSize = MaxColumns * MaxCellChars,
        });
        var reader = new TabularReader(stream, "csv", name, csv, null);
        reader.Guard(() =>
        {
            csv.ReadHeader();
            reader.Headers = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        });
        if (reader.Headers.Count == 0 || reader.Headers.All(h => h.Length == 0))
            throw new TabularFileException(400, "file", "The file has no header row.");
        if (reader.Headers.Count > MaxColumns)
            throw new TabularFileException(400, "file", $"The header has {reader.Headers.Count} columns; at most {MaxColumns} are accepted.");
        return reader;
    }

    /// <summary>Moves to the next non-empty row; false at the end of the file.</summary>
    public bool Read()
    {
        while (true)
        {
            var more = _csv is not null ? ReadCsv() : ReadExcel();
            if (!more) return false;
            if (Current.Any(c => c.Length > 0)) return true;
        }
    }

    private bool ReadCsv()
    {
        var more = false;
        Guard(() =>
        {
            more = _csv!.Read();
            if (!more) return;
            RowNumber = (int)_csv.RowNumber;
            CheckWidth(_csv.FieldCount);
            var cells = new string[_csv.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = _csv.GetString(i);
            Current = cells;
        });
        if (more) CheckCells();
        return more;
    }

    private void ReadExcelHeader()
    {
        if (!ReadExcelRow()) throw new TabularFileException(400, "file", "The workbook's first sheet is empty.");
        Headers = Current.Select(h => h.Trim()).ToArray();
        while (Headers.Count > 0 && Headers[^1].Length == 0) Headers = Headers.Take(Headers.Count - 1).ToArray();
        if (Headers.Count == 0) throw new TabularFileException(400, "file", "The workbook has no header row.");
        RowNumber = 0;
    }

    private bool ReadExcel()
    {
        if (!ReadExcelRow()) return false;
        RowNumber++;
        CheckCells();
        return true;
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
            throw new TabularFileException(400, "file", $"The workbook cannot be read after row {RowNumber}: {e.GetType().Name}.");
        }
        return true;
    }

    /// <summary>Excel types a 法人番号 as a number and a timestamp as a date: give them back as the text a form shows.</summary>
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
            throw new TabularFileException(400, "file", $"Row {RowNumber + 1} has {fields} columns; at most {MaxColumns} are accepted.");
    }

    private void CheckCells()
    {
        for (var i = 0; i < Current.Length; i++)
        {
            if (Current[i].Length <= MaxCellChars) continue;
            var header = i < Headers.Count ? Headers[i] : $"column {i + 1}";
            throw new TabularFileException(400, "file",
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
            throw new TabularFileException(400, "encoding",
                $"The file is not valid {(EncodingName == "utf-8" ? "UTF-8" : "Shift_JIS")} after row {RowNumber}: it mixes encodings or is damaged. Save it again as UTF-8 or Shift_JIS.");
        }
        catch (CsvFormatException e)
        {
            throw new TabularFileException(400, "file", $"The CSV is malformed after row {RowNumber}: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new TabularFileException(400, "file", $"The CSV cannot be read after row {RowNumber}: {e.Message}");
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
