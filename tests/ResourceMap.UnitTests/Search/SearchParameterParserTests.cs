using ResourceMap.Api.Search;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.UnitTests.Search;

public class SearchParameterParserTests
{
    private readonly SearchParameterParser _parser = new(new TaxonomyCatalog());

    [Fact]
    public void A_bounding_box_is_min_lng_min_lat_max_lng_max_lat()
    {
        var box = _parser.BoundingBox("140.95,42.30,141.20,42.48", 10)!;
        Assert.Equal((140.95, 42.30, 141.20, 42.48), (box.MinX, box.MinY, box.MaxX, box.MaxY));
        Assert.True(_parser.IsValid);
    }

    [Theory]
    [InlineData("141.2,42.5,140.9,42.3", "inverted")]
    [InlineData("1,2,3", "four numbers")]
    [InlineData("a,b,c,d", "four numbers")]
    [InlineData("120,20,150,46", "spans more than")]
    [InlineData("-200,20,-199,21", "outside")]
    public void Bad_bounding_boxes_say_why(string bbox, string reason)
    {
        Assert.Null(_parser.BoundingBox(bbox, 10));
        Assert.Contains(reason, _parser.Errors["bbox"][0]);
    }

    [Fact]
    public void Swapped_coordinates_are_named_on_both_fields()
    {
        Assert.Null(_parser.Point("141.1", "42.4", required: true));
        Assert.Contains("swapped", _parser.Errors["lat"][0]);
        Assert.Contains("swapped", _parser.Errors["lng"][0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("50001")]
    [InlineData("NaN")]
    [InlineData("far")]
    public void The_radius_is_bounded(string radius)
    {
        Assert.Null(_parser.Radius(radius, 50_000));
        Assert.True(_parser.Errors.ContainsKey("radius_m"));
    }

    [Fact]
    public void Cursors_round_trip_and_belong_to_one_kind_of_search()
    {
        var cursor = new SearchCursor(1234.5678901234, Guid.NewGuid(), Guid.NewGuid(), 3);
        var encoded = SearchParameterParser.EncodeCursor(cursor, "nearby");
        Assert.DoesNotContain('=', encoded);
        Assert.Equal(cursor, _parser.Cursor(encoded, "nearby"));
        Assert.Null(_parser.Cursor(encoded, "coverage"));
        Assert.True(_parser.Errors.ContainsKey("cursor"));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("　ア　")]
    public void Free_text_needs_two_characters_after_normalisation(string q)
    {
        _parser.Filters(new SearchFilterQuery { Q = q });
        Assert.Contains("2 characters", _parser.Errors["q"][0]);
    }

    [Fact]
    public void Free_text_is_normalised_once_here()
    {
        var filters = _parser.Filters(new SearchFilterQuery { Q = "コドモ　食堂", OpenAt = "2024-02-10T20:30:00+09:00", AnonymousOk = "true" });
        Assert.Equal("こども食堂", filters.TextKey);
        Assert.True(filters.AnonymousOk);
        Assert.Equal(new DateTimeOffset(2024, 2, 10, 20, 30, 0, TimeSpan.FromHours(9)), filters.OpenAt);
    }

    [Fact]
    public void Unknown_codes_and_bad_booleans_are_named()
    {
        _parser.Filters(new SearchFilterQuery { Category = "karaoke", AnonymousOk = "yes", OpenAt = "friday" });
        Assert.Equal(["category", "anonymous_ok", "open_at"], _parser.Errors.Keys);
    }
}
