namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Tells comma-separated from tab-separated text. Form tools export CSV; Excel's "text (tab-separated)" and "Unicode
/// text" save tabs, and staff rename either to .csv or .txt, so the name says nothing. The separator is the one that
/// splits the most lines of the file's start into the same number of cells: a table's rows agree on their width,
/// while commas inside unquoted answers of a tab-separated file (「居場所づくり, 相談窓口」) vary from row to row.
/// </summary>
public static class TextSeparator
{
    private static readonly char[] Candidates = [',', '\t'];

    /// <param name="head">The start of the file, decoded (the last line may be cut off).</param>
    public static char Detect(string head)
    {
        var lines = Lines(head);
        var best = ',';
        var bestScore = 0;
        foreach (var separator in Candidates)
        {
            // Lines that agree on the most common width above one cell: title and blank lines do not count.
            var score = lines.Select(line => Cells(line, separator)).Where(cells => cells > 1).GroupBy(cells => cells)
                .Select(width => width.Count()).DefaultIfEmpty(0).Max();
            if (score > bestScore) (best, bestScore) = (separator, score);
        }
        return best;
    }

    /// <summary>The complete lines of the head, quoted line breaks kept inside their line.</summary>
    private static List<string> Lines(string head)
    {
        var lines = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < head.Length; i++)
        {
            if (head[i] == '"') quoted = !quoted;
            else if (head[i] == '\n' && !quoted)
            {
                lines.Add(head[start..i]);
                start = i + 1;
            }
        }
        // Without a line end the head is the whole file: its last line is complete.
        if (start < head.Length && lines.Count == 0) lines.Add(head[start..]);
        return lines;
    }

    private static int Cells(string line, char separator)
    {
        var cells = 1;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted) cells++;
        }
        return cells;
    }
}
