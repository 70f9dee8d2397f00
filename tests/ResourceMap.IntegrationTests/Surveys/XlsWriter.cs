using NPOI.HSSF.UserModel;
using NPOI.SS.UserModel;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>
/// Writes an Excel 97-2003 workbook (.xls, BIFF8 in a compound file) with NPOI, as older municipal PCs and form tools
/// still save them: text as text, numbers as numbers, dates as numbers with a date format. Only for tests.
/// </summary>
public static class XlsWriter
{
    /// <param name="sheets">Sheet name → rows; a cell is a string, a number (double/long/int), a DateTime or null.</param>
    public static byte[] Write(IReadOnlyList<(string Name, IReadOnlyList<object?[]> Rows)> sheets)
    {
        var workbook = new HSSFWorkbook();
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = workbook.CreateDataFormat().GetFormat("yyyy/mm/dd h:mm:ss");
        foreach (var (name, rows) in sheets)
        {
            var sheet = workbook.CreateSheet(name);
            for (var r = 0; r < rows.Count; r++)
            {
                var row = sheet.CreateRow(r);
                for (var c = 0; c < rows[r].Length; c++)
                {
                    switch (rows[r][c])
                    {
                        case null: break;
                        case string s: row.CreateCell(c, CellType.String).SetCellValue(s); break;
                        case DateTime d:
                            var cell = row.CreateCell(c, CellType.Numeric);
                            cell.SetCellValue(d);
                            cell.CellStyle = dateStyle;
                            break;
                        case var n: row.CreateCell(c, CellType.Numeric).SetCellValue(Convert.ToDouble(n, System.Globalization.CultureInfo.InvariantCulture)); break;
                    }
                }
            }
        }
        using var buffer = new MemoryStream();
        workbook.Write(buffer);
        return buffer.ToArray();
    }
}
