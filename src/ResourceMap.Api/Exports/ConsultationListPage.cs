using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Exports;

/// <summary>
/// The printable 相談窓口一覧 municipalities hand out: A4, grouped by category then municipality, Japanese labels.
/// One static stylesheet and no script: the page's Content-Security-Policy allows exactly that stylesheet (by hash).
/// </summary>
public sealed class ConsultationListPage(ExportColumns columns)
{
    private const string Style = """
        @page { size: A4; margin: 14mm 12mm; }
        body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 9.5pt; line-height: 1.45; color: #000; margin: 0; }
        h1 { font-size: 16pt; margin: 0 0 2mm; }
        .conditions { margin: 0 0 5mm; font-size: 9pt; }
        h2 { font-size: 13pt; border-bottom: 0.6mm solid #000; margin: 6mm 0 2mm; break-after: avoid; }
        h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
        .entry { border: 0.3mm solid #888; padding: 2mm 3mm; margin: 0 0 2.5mm; break-inside: avoid; }
        .entry h4 { font-size: 10.5pt; margin: 0; }
        .organization { margin: 0 0 1mm; font-size: 9pt; }
        dl { display: grid; grid-template-columns: 24mm 1fr; gap: 0.6mm 2mm; margin: 0; }
        dt { font-weight: bold; }
        dd { margin: 0; overflow-wrap: anywhere; }
        """;

    /// <summary>The Content-Security-Policy of the page: its one stylesheet, nothing else.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public string Render(IReadOnlyList<ExportRow> rows, string conditions, DateTimeOffset now)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>相談窓口一覧</title>\n<style>")
            .Append(Style).Append("</style>\n</head>\n<body>\n<h1>相談窓口一覧</h1>\n<p class=\"conditions\">")
            .Append(E(conditions)).Append('　')
            .Append(E($"{rows.Count}件　{now.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture)} 現在"))
            .Append("</p>\n");
        if (rows.Count == 0) html.Append("<p>条件に合う窓口はありません。</p>\n");
        foreach (var category in rows.GroupBy(r => r.Category))
        {
            html.Append("<section>\n<h2>").Append(E(columns.Label(Vocabularies.ServiceCategory, category.Key, true))).Append("</h2>\n");
            foreach (var municipality in category.GroupBy(r => (r.MunicipalityCode, r.Municipality)))
            {
                html.Append("<h3>").Append(E(municipality.Key.Municipality)).Append("</h3>\n");
                foreach (var row in municipality) Entry(html, row);
            }
            html.Append("</section>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private void Entry(StringBuilder html, ExportRow row)
    {
        html.Append("<article class=\"entry\">\n<h4>").Append(E(row.Name)).Append("</h4>\n");
        if (row.OrganizationName.Length > 0) html.Append("<p class=\"organization\">運営：").Append(E(row.OrganizationName)).Append("</p>\n");
        html.Append("<dl>\n");
        void Field(string label, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");
        }
        Field("内容", row.Description);
        Field("対象", columns.Labels(Vocabularies.TargetGroup, row.TargetGroups, true));
        Field("開設時間", Common.OpeningHoursText.WeekJa(row.Hours, row.HoursNotes));
        Field("電話", string.Join("、", row.Phones));
        Field("住所", row.Address is null ? null : (row.PostalCode is null ? "" : $"〒{row.PostalCode} ") + row.Address);
        Field("ウェブサイト", row.Website);
        Field("匿名での相談", row.AnonymousOk ? "可" : "不可");
        Field("相談方法", columns.Labels(Vocabularies.Channel, row.Channels, true));
        Field("最終確認日", row.LastVerifiedAt.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        html.Append("</dl>\n</article>\n");
    }

    private static string E(string text) => Html.Encode(text);
}
