using System.Net;
using Npgsql;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>Searches beyond Database:SearchConnections wait for a session in the API (decision 16).</summary>
[Collection(ApiCollection.Name)]
public class SearchConnectionLimitTests(ApiFixture api)
{
    [Fact]
    public async Task Searches_beyond_the_limit_wait_their_turn_and_all_succeed_with_at_most_that_many_sessions_in_the_database()
    {
        await using var limited = api.WithSettings(("Database:SearchConnections", "2"));
        var client = limited.CreateClient();
        var paths = Enumerable.Range(0, 24).Select(i => FormattableString.Invariant(
            $"/api/search/coverage?lat={42.40 + i * 0.001}&lng={141.10 + i * 0.001}&limit=50"));
        var responses = await Task.WhenAll(paths.Select(p => client.GetAsync(p)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var searches = limited.Services.GetService(typeof(ReadDataSource)) as ReadDataSource;
        Assert.NotNull(searches);
        Assert.Equal(2, new NpgsqlConnectionStringBuilder(searches.Searches.ConnectionString).MaxPoolSize);
    }
}
