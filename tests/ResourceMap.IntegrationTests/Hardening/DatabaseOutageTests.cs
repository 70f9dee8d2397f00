using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Hardening;

/// <summary>
/// The database goes away (a TCP relay in front of PostgreSQL is cut, as a network fault or a restart would):
/// every endpoint answers 503 with Retry-After within a second, /health/ready names the database, and everything
/// works again once the relay is back, without restarting the API.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseOutageTests(ApiFixture api)
{
    [Fact]
    public async Task While_the_database_is_unreachable_every_endpoint_is_503_with_Retry_After_and_recovery_is_automatic()
    {
        var target = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        await using var relay = new TcpRelay(target.Host!, target.Port);
        relay.Start();
        var throughRelay = new NpgsqlConnectionStringBuilder(api.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 }.ConnectionString;
        await using var factory = api.WithSettings(("ConnectionStrings:ResourceMap", throughRelay));
        var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ApiFixture.AdminKey);
        var organization = await (await admin.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var id = organization.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);

        relay.Stop();
        var requests = new List<Func<Task<HttpResponseMessage>>>
        {
            () => admin.GetAsync("/api/organizations"),
            () => admin.GetAsync($"/api/organizations/{id}"),
            () => admin.GetAsync("/api/services?municipality=01230"),
            () => admin.GetAsync("/api/municipalities/01230"),
            () => admin.GetAsync("/api/regions/nishi-iburi"),
            () => admin.GetAsync("/api/search/nearby?lat=42.4136&lng=141.1067&radius_m=3000"),
            () => admin.GetAsync("/api/search/region?municipality=01230&format=csv"),
            () => admin.GetAsync("/tiles/services/12/3653/1514.mvt"),
            () => admin.GetAsync("/api/audit?entity_type=organization"),
            () => admin.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization()),
            () => admin.SendJsonAsync(HttpMethod.Patch, $"/api/organizations/{id}", new { website = "https://example.org/down" }),
            () => admin.DeleteAsync($"/api/organizations/{id}"),
            () => factory.CreateClient().GetAsync("/api/surveys"),
        };
        foreach (var send in requests)
        {
            var watch = Stopwatch.StartNew();
            var response = await send();
            watch.Stop();
            await response.ProblemAsync(503, "urn:resourcemap:problem:unavailable");
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{response.RequestMessage!.RequestUri} took {watch.Elapsed}");
        }
        var ready = await admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        Assert.Contains("database", health.GetProperty("unhealthy").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("unhealthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        relay.Start();
        var back = await RetryAsync(() => admin.GetAsync($"/api/organizations/{id}"));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        await (await admin.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 20) return response;
            await Task.Delay(250);
        }
    }

    /// <summary>A TCP relay to PostgreSQL that can be cut (listener closed, open connections reset) and restored on the same port.</summary>
    private sealed class TcpRelay(string host, int port) : IAsyncDisposable
    {
        private TcpListener? _listener;
        private CancellationTokenSource _cut = new();
        private readonly List<TcpClient> _open = [];

        public int Port { get; private set; }

        public void Start()
        {
            _cut = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync(_listener, _cut.Token);
        }

        public void Stop()
        {
            _cut.Cancel();
            _listener?.Stop();
            lock (_open)
            {
                foreach (var client in _open)
                {
                    try { client.Client?.Close(0); } // reset, as a dead server would
                    catch (ObjectDisposedException) { }
                    client.Dispose();
                }
                _open.Clear();
            }
        }

        private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(ct); }
                catch (Exception) { return; }
                var server = new TcpClient();
                try { await server.ConnectAsync(host, port, ct); }
                catch (Exception) { client.Dispose(); continue; }
                lock (_open) { _open.Add(client); _open.Add(server); }
                _ = PumpAsync(client, server, ct);
                _ = PumpAsync(server, client, ct);
            }
        }

        private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
        {
            try { await from.GetStream().CopyToAsync(to.GetStream(), ct); }
            catch (Exception) { }
            finally { from.Dispose(); to.Dispose(); }
        }

        public ValueTask DisposeAsync()
        {
            Stop();
            return ValueTask.CompletedTask;
        }
    }
}
