using ResourceMap.Domain.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>Issues that answer and target imports both report about a row as the reader found it.</summary>
internal static class ImportRowIssues
{
    /// <summary>Cells that held NUL characters, which the reader removed (<c>TabularReader.CellsWithNulRemoved</c>).</summary>
    public static RowIssue NulRemoved(int cells) => new("row",
        $"この行の {cells} 個のセルにあった NUL 文字（\\0）を取り除きました。保存できない文字のためです。",
        $"NUL characters (\\0) were removed from {cells} cell(s) of this row; they cannot be stored.", Blocking: false);
}
