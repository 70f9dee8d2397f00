using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Text;

namespace ResourceMap.Api.Surveys;

/// <summary>A survey target as the matcher sees it.</summary>
public sealed record MatchTarget(Guid Id, string Name, string? NameKana, string MunicipalityCode, string? CorporateNumber, string? LegalForm);

/// <summary>
/// Decides which target an answer row belongs to, and never guesses: a row is matched by a staff resolution, by its
/// 法人番号, or by its name when the legal forms agree; a row whose name and 法人番号 point to different targets, whose
/// name is a target's with another legal form or 法人番号, whose 法人番号 was mangled, or whose name is only close to a
/// target's goes to review with ranked candidates; anything else is rejected with the reason.
/// </summary>
public sealed class TargetMatcher
{
    private const double CloseNameThreshold = 0.6;
    private const int MaxCandidates = 5;

    private readonly List<(MatchTarget Target, OrganizationName Name, string Kana)> _targets;
    private readonly Dictionary<string, MatchTarget> _byNumber;
    private readonly ILookup<string, int> _byCore;
    private readonly ILookup<string, int> _byKana;
    private readonly Dictionary<Guid, MatchTarget> _byId;
    private readonly IReadOnlyDictionary<string, Guid> _resolutions;

    public TargetMatcher(IEnumerable<MatchTarget> targets, IReadOnlyDictionary<string, Guid> resolutions)
    {
        _targets = targets.Select(t => (t, OrganizationNames.Parse(t.Name), OrganizationNames.KanaKey(t.NameKana))).ToList();
        _byNumber = new Dictionary<string, MatchTarget>();
        foreach (var (t, _, _) in _targets.Where(x => x.Target.CorporateNumber is not null)) _byNumber.TryAdd(t.CorporateNumber!, t);
        _byCore = _targets.Select((x, i) => (x.Name.Core, i)).Where(x => x.Core.Length > 0).ToLookup(x => x.Core, x => x.i);
        _byKana = _targets.Select((x, i) => (x.Kana, i)).Where(x => x.Kana.Length > 0).ToLookup(x => x.Kana, x => x.i);
        _byId = _targets.ToDictionary(x => x.Target.Id, x => x.Target);
        _resolutions = resolutions;
    }

    public MatchTarget? Target(Guid id) => _byId.GetValueOrDefault(id);

    /// <param name="answeredLegalForm">The legal form the answer states (組織形態), if any; else the one its name states.</param>
    /// <param name="municipality">Where the answer's address lies, if known: names are compared within it.</param>
    public RowMatch Match(string name, string? kana, string? answeredLegalForm, CorporateNumberCell number, string? municipality)
    {
        var parsed = OrganizationNames.Parse(name);
        var form = answeredLegalForm is null or "other" ? parsed.LegalForm : answeredLegalForm;
        var key = number.Number ?? $"{municipality ?? "*"}|{parsed.Core}";
        if (_resolutions.TryGetValue(key, out var resolved) && _byId.TryGetValue(resolved, out var chosen))
            return Matched(chosen, "resolution", key);

        var sameName = Local(_byCore[parsed.Core], municipality);
        if (number.Kind == CorporateNumberCellKind.Valid)
        {
            if (_byNumber.TryGetValue(number.Number!, out var numbered))
            {
                var others = sameName.Where(i => _targets[i].Target.Id != numbered.Id).ToList();
                if (parsed.Core.Length > 0 && others.Count > 0 && !sameName.Any(i => _targets[i].Target.Id == numbered.Id))
                    return Review(key, $"法人番号は「{numbered.Name}」、団体名は「{_targets[others[0]].Target.Name}」を指しています。どちらの回答か確認してください。",
                        $"The corporate number points to '{numbered.Name}' but the name to '{_targets[others[0]].Target.Name}'; confirm which organisation answered.",
                        [Candidate(numbered, 1, "corporate_number"), .. others.Select(i => Candidate(_targets[i].Target, 1, "same_name"))]);
                return Matched(numbered, "corporate_number", key);
            }
            if (sameName.Count > 0)
                return Review(key, $"団体名は調査対象「{_targets[sameName[0]].Target.Name}」と同じですが、法人番号 {number.Number} は調査対象のものではありません。別の法人かもしれません。",
                    $"The name is that of target '{_targets[sameName[0]].Target.Name}', but the corporate number {number.Number} is no target's: it may be another corporation.",
                    sameName.Select(i => Candidate(_targets[i].Target, 1, "same_name")).ToList());
            return NotFound(key, parsed, kana, municipality,
                $"法人番号 {number.Number} も団体名も調査対象にありません。", $"Neither the corporate number {number.Number} nor the name is among the survey's targets.");
        }

        if (sameName.Count > 1 && kana is not null)
        {
            var kanaKey = OrganizationNames.KanaKey(kana);
            var byReading = sameName.Where(i => _targets[i].Kana.Length > 0 && _targets[i].Kana == kanaKey).ToList();
            if (byReading.Count > 0) sameName = byReading;
        }
        if (sameName.Count > 1 && form is not null)
        {
            var sameForm = sameName.Where(i => TargetForm(i) == form).ToList();
            if (sameForm.Count > 0) sameName = sameForm;
        }
        if (sameName.Count == 1)
        {
            var target = _targets[sameName[0]].Target;
            if (number.Kind == CorporateNumberCellKind.DigitsLostByExcel)
                return Review(key, $"法人番号の桁が Excel で失われているため、団体名で「{target.Name}」の候補としました。確認してください。",
                    $"The corporate number lost digits in Excel; '{target.Name}' is a candidate by name only. Confirm it.", [Candidate(target, 1, "same_name")]);
            if (number.Kind == CorporateNumberCellKind.Invalid)
                return Review(key, $"法人番号が正しくないため、団体名で「{target.Name}」の候補としました。確認してください。",
                    $"The corporate number is not valid; '{target.Name}' is a candidate by name only. Confirm it.", [Candidate(target, 1, "same_name")]);
            if (!OrganizationNames.SameLegalForm(form, TargetForm(sameName[0])))
                return Review(key, $"団体名は「{target.Name}」と同じですが、組織形態が違います（回答: {form}、調査対象: {TargetForm(sameName[0])}）。別の団体かもしれません。",
                    $"The name is that of '{target.Name}' but the legal form differs (answer: {form}, target: {TargetForm(sameName[0])}): it may be another organisation.",
                    [Candidate(target, 0.9, "same_name")]);
            return Matched(target, "name_and_legal_form", key);
        }
        if (sameName.Count > 1)
            return Review(key, "同じ名前の調査対象が複数あります。どれの回答か指定してください。", "Several targets have this name; choose the one that answered.",
                sameName.Select(i => Candidate(_targets[i].Target, 1, "same_name")).ToList());
        return NotFound(key, parsed, kana, municipality,
            "調査対象の中に該当する団体が見つかりません（法人番号・市町村内の団体名）。", "No target has this corporate number or, within the municipality, this name.");
    }

    /// <summary>No target by number or name: a target with the same reading or a close name is a candidate for review, else the row is rejected.</summary>
    private RowMatch NotFound(string key, OrganizationName parsed, string? kana, string? municipality, string ja, string en)
    {
        var candidates = new List<MatchCandidate>();
        var kanaKey = OrganizationNames.KanaKey(kana);
        if (kanaKey.Length > 0)
            candidates.AddRange(Local(_byKana[kanaKey], municipality).Select(i => Candidate(_targets[i].Target, 0.95, "same_reading")));
        if (parsed.Core.Length > 1)
        {
            candidates.AddRange(_targets
                .Where(t => municipality is null || t.Target.MunicipalityCode == municipality)
                .Select(t => (t.Target, Score: OrganizationNames.Similarity(parsed.Core, t.Name.Core)))
                .Where(x => x.Score >= CloseNameThreshold && candidates.All(c => c.TargetId != x.Target.Id))
                .OrderByDescending(x => x.Score).Take(MaxCandidates)
                .Select(x => Candidate(x.Target, Math.Round(x.Score, 2), "similar_name")));
        }
        if (candidates.Count == 0) return new RowMatch("rejected", null, null, null, key, ja, en, []);
        return Review(key, $"{ja} 名前の近い調査対象があります。どれの回答か確認してください。",
            $"{en} Targets with a close name or the same reading exist; confirm which one answered.",
            candidates.OrderByDescending(c => c.Score).Take(MaxCandidates).ToList());
    }

    private string? TargetForm(int index) => _targets[index].Target.LegalForm ?? _targets[index].Name.LegalForm;

    /// <summary>Targets in the answer's municipality when it is known and has any, else all of them.</summary>
    private List<int> Local(IEnumerable<int> indexes, string? municipality)
    {
        var all = indexes.ToList();
        if (municipality is null) return all;
        var local = all.Where(i => _targets[i].Target.MunicipalityCode == municipality).ToList();
        return local.Count > 0 ? local : all;
    }

    private static RowMatch Matched(MatchTarget target, string by, string key) => new("matched", by, target.Id, target.Name, key, null, null, []);

    private static RowMatch Review(string key, string ja, string en, List<MatchCandidate> candidates) =>
        new("needs_review", null, null, null, key, ja, en, candidates);

    private static MatchCandidate Candidate(MatchTarget t, double score, string reason) =>
        new(t.Id, t.Name, t.MunicipalityCode, t.CorporateNumber, t.LegalForm, score, reason);
}
