namespace ResourceMap.IntegrationTests.Infrastructure;

public static class TestData
{
    private static int _sequence = Random.Shared.Next(100_000, 900_000);

    /// <summary>A fresh valid 法人番号 (check digit computed here, independently of the API).</summary>
    public static string NewCorporateNumber()
    {
        var baseDigits = $"{Interlocked.Increment(ref _sequence):D6}{Random.Shared.Next(0, 999_999):D6}";
        var sum = 0;
        for (var n = 1; n <= 12; n++) sum += (baseDigits[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
        return (9 - sum % 9) + baseDigits;
    }

    public static Dictionary<string, object?> Organization(string? name = null, string? corporateNumber = null) => new()
    {
        ["name"] = name ?? $"テスト居場所の会 {Guid.NewGuid():N}",
        ["name_kana"] = "テストイバショノカイ",
        ["legal_form"] = "npo",
        ["corporate_number"] = corporateNumber ?? NewCorporateNumber(),
        ["description"] = "登別市内で子ども食堂を運営しています。",
        ["website"] = "https://example.org/test",
        ["email"] = "info@example.jp",
        ["phones"] = new[] { new { number = "0143-85-0000", description = "代表" } },
        ["platform_member"] = true,
        ["platform_role"] = "support",
        ["platform_joined_on"] = "2024-04-01",
        ["owner_municipality_code"] = "01230",
    };

    /// <summary>登別市 幌別町一丁目 (gazetteer town point).</summary>
    public static Dictionary<string, object?> Location(double lat = 42.413, double lng = 141.106, string? municipality = "01230") => new()
    {
        ["name"] = "テスト会館",
        ["address"] = "北海道登別市幌別町1丁目1-1",
        ["postal_code"] = "059-0012",
        ["municipality_code"] = municipality,
        ["lat"] = lat,
        ["lng"] = lng,
        ["precision"] = "town",
    };

    public static Dictionary<string, object?> Service(Guid organizationId, IEnumerable<Guid>? locationIds = null, object? serviceArea = null) => new()
    {
        ["organization_id"] = organizationId,
        ["name"] = "テストの居場所",
        ["description"] = "誰でも立ち寄れる居場所です。",
        ["category"] = "ibasho",
        ["target_groups"] = new[] { "children", "youth" },
        ["problem_keywords"] = new[] { "futoko", "loneliness" },
        ["channels"] = new[] { "in_person" },
        ["anonymous_ok"] = true,
        ["hours"] = new[] { new { day = "sat", opens = "10:00", closes = "16:00" }, new { day = "fri", opens = "20:00", closes = "02:00" } },
        ["hours_notes"] = "祝日は休み",
        ["frequency"] = "weekly",
        ["fee"] = "無料",
        ["languages"] = new[] { "ja", "easy_ja" },
        ["commissioned_by_municipality"] = false,
        ["capacity_note"] = "20人まで",
        ["accepts_other_municipalities"] = true,
        ["owner_municipality_code"] = null,
        ["location_ids"] = (locationIds ?? []).ToArray(),
        ["service_area"] = serviceArea ?? Area("municipality", codes: ["01230"]),
    };

    public static Dictionary<string, object?> Area(string level, string[]? codes = null, string? region = null, string? prefecture = null,
        string? district = null, object? drawn = null) => new()
        {
            ["level"] = level,
            ["municipality_codes"] = codes ?? [],
            ["region_id"] = region,
            ["prefecture_code"] = prefecture,
            ["district_name"] = district,
            ["drawn_area"] = drawn,
        };
}
