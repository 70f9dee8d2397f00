using Microsoft.EntityFrameworkCore;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Taxonomy;

/// <summary>
/// The taxonomy held in memory (it changes only when seed data changes), so validators can check codes without a
/// database round trip. Loaded once at start-up after seeding.
/// </summary>
public sealed class TaxonomyCatalog
{
    private Dictionary<string, Dictionary<string, TaxonomyTerm>> _terms = new();
    private List<TaxonomyVocabulary> _vocabularies = [];

    public IReadOnlyList<TaxonomyVocabulary> Vocabularies => _vocabularies;

    public async Task LoadAsync(ResourceMapDbContext db, CancellationToken ct = default)
    {
        var terms = await db.TaxonomyTerms.AsNoTracking().OrderBy(t => t.Vocabulary).ThenBy(t => t.SortOrder).ToListAsync(ct);
        _vocabularies = await db.TaxonomyVocabularies.AsNoTracking().OrderBy(v => v.Id).ToListAsync(ct);
        _terms = terms.GroupBy(t => t.Vocabulary)
            .ToDictionary(g => g.Key, g => g.ToDictionary(t => t.Code, StringComparer.Ordinal));
    }

    public bool Contains(string vocabulary, string? code) =>
        code is not null && _terms.TryGetValue(vocabulary, out var terms) && terms.ContainsKey(code);

    public IReadOnlyList<TaxonomyTerm> Terms(string vocabulary) =>
        _terms.TryGetValue(vocabulary, out var terms) ? terms.Values.OrderBy(t => t.SortOrder).ToList() : [];

    public string Codes(string vocabulary) => string.Join(", ", Terms(vocabulary).Select(t => t.Code));
}
