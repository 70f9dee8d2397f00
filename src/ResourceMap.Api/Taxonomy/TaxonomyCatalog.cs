using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Taxonomy;

/// <summary>
/// The taxonomy held in memory (it changes only when seed data changes), so validators can check codes without a
/// database round trip. Loaded once at start-up after seeding.
/// </summary>
public sealed partial class TaxonomyCatalog
{
    private Dictionary<string, Dictionary<string, TaxonomyTerm>> _terms = new();
    private List<TaxonomyVocabulary> _vocabularies = [];
    private Dictionary<string, Dictionary<string, string>> _byLabel = new();

    public IReadOnlyList<TaxonomyVocabulary> Vocabularies => _vocabularies;

    public async Task LoadAsync(ResourceMapDbContext db, CancellationToken ct = default)
    {
        var terms = await db.TaxonomyTerms.AsNoTracking().OrderBy(t => t.Vocabulary).ThenBy(t => t.SortOrder).ToListAsync(ct);
        Load(await db.TaxonomyVocabularies.AsNoTracking().OrderBy(v => v.Id).ToListAsync(ct), terms);
    }

    /// <summary>Holds these vocabularies and terms (terms in their sort order).</summary>
    public void Load(List<TaxonomyVocabulary> vocabularies, IReadOnlyList<TaxonomyTerm> terms)
    {
        _vocabularies = vocabularies;
        _terms = terms.GroupBy(t => t.Vocabulary)
            .ToDictionary(g => g.Key, g => g.ToDictionary(t => t.Code, StringComparer.Ordinal));
        _byLabel = terms.GroupBy(t => t.Vocabulary).ToDictionary(g => g.Key, g =>
        {
            var byLabel = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var term in g)
                foreach (var label in new[] { term.Code, term.LabelJa, term.LabelEn }.Concat(term.Aliases))
                    byLabel.TryAdd(LabelKey(label), term.Code);
            return byLabel;
        });
    }

    /// <summary>
    /// The code a Japanese label, an alias, an English label or the code itself stands for (compared after NFKC,
    /// case and kana folding, so 「ＮＰＯ法人」 and 「npo法人」 both find npo); a label numbered the way forms and staff
    /// number options (1. / ① / (1) / ア. / a.) is also found without its number. Null when nothing matches.
    /// </summary>
    public string? Lookup(string vocabulary, string? label)
    {
        if (string.IsNullOrWhiteSpace(label) || !_byLabel.TryGetValue(vocabulary, out var byLabel)) return null;
        var key = LabelKey(label);
        if (byLabel.TryGetValue(key, out var code)) return code;
        var unnumbered = OptionNumber().Replace(key, "");
        return unnumbered.Length > 0 && unnumbered.Length < key.Length ? byLabel.GetValueOrDefault(unnumbered) : null;
    }

    /// <summary>An option's leading number in a label key (NFKC made ① a 1, the key lost its brackets and spaces).</summary>
    [GeneratedRegex(@"^(?:(?:\d{1,2}|[a-z]|[あ-ん])[.:、]|\d{1,2}(?=\D)|[a-z](?=[^\x00-\x7F]))")]
    private static partial Regex OptionNumber();

    private static string LabelKey(string label) =>
        ResourceMap.Domain.Text.JapaneseText.SearchKey(label).Replace("(", "").Replace(")", "");

    public bool Contains(string vocabulary, string? code) =>
        code is not null && _terms.TryGetValue(vocabulary, out var terms) && terms.ContainsKey(code);

    public IReadOnlyList<TaxonomyTerm> Terms(string vocabulary) =>
        _terms.TryGetValue(vocabulary, out var terms) ? terms.Values.OrderBy(t => t.SortOrder).ToList() : [];

    public string Codes(string vocabulary) => string.Join(", ", Terms(vocabulary).Select(t => t.Code));
}
