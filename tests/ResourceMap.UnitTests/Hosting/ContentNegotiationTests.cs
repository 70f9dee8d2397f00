using Microsoft.AspNetCore.Http;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Search;

namespace ResourceMap.UnitTests.Hosting;

public class ContentNegotiationTests
{
    private static readonly string[] Produced = ["application/json", "application/geo+json", "text/csv"];

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("application/json, application/geo+json;q=0.1", "application/json")]
    [InlineData("application/geo+json;q=0.9, application/json;q=0.8", "application/geo+json")]
    [InlineData("application/geo+json;q=0, */*", "application/json")]
    [InlineData("*/*;q=0.1, text/csv", "text/csv")]
    [InlineData("text/*", "text/csv")]
    [InlineData("application/pdf", null)]
    [InlineData("application/json;q=0, */*", "application/geo+json")]
    [InlineData("application/json;q=0", null)]
    public void Quality_values_decide_and_the_server_order_breaks_ties(string? accept, string? expected)
    {
        var context = new DefaultHttpContext();
        if (accept is not null) context.Request.Headers.Accept = accept;
        Assert.Equal(expected, ContentNegotiation.Choose(context.Request, Produced));
    }

    [Theory]
    [InlineData("2024-02-10T20:30", "2024-02-10T20:30:00+09:00")]
    [InlineData("2024-02-10 20:30:15", "2024-02-10T20:30:15+09:00")]
    [InlineData("2024-02-10T11:30:00Z", "2024-02-10T11:30:00+00:00")]
    [InlineData("2024-02-10T20:30:00+0900", "2024-02-10T20:30:00+09:00")]
    [InlineData("2024-02-10T06:30:00-05:00", "2024-02-10T06:30:00-05:00")]
    public void Open_at_without_an_offset_is_Japan_time(string text, string expected)
    {
        Assert.True(OpenAtParser.TryParse(text, out var value, out var reason), reason);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, value.Offset);
    }

    [Theory]
    [InlineData("2024-02-10", "without a time")]
    [InlineData("friday", "ISO 8601")]
    [InlineData("2024-02-30T10:00", "ISO 8601")]
    public void Open_at_that_names_no_moment_is_refused(string text, string reasonPart)
    {
        Assert.False(OpenAtParser.TryParse(text, out _, out var reason));
        Assert.Contains(reasonPart, reason);
        Assert.Contains("2024-02-10T20:30", reason);
    }
}
