using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResourceMap.Api.Common;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Hosting;

/// <summary>One configured key: only its SHA-256 hash is kept in configuration.</summary>
public sealed class ConfiguredApiKey
{
    public string Name { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string Role { get; set; } = Roles.Editor;
    /// <summary>
    /// The municipality whose records the key may write. Empty for the keys configured before there were home
    /// municipalities: such a key acts for every municipality (backward compatible with scripts/run.sh and old setups).
    /// </summary>
    public string? HomeMunicipalityCode { get; set; }
}

public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public List<ConfiguredApiKey> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates the X-Api-Key header by comparing its SHA-256 with the configured hashes in constant time.
/// Failures answer as problem details (401 without a key or with a wrong one, 403 for a role that may not act).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder, IProblemDetailsService problems)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyOptions.HeaderName, out var presented) || string.IsNullOrEmpty(presented))
            return AuthenticateResult.NoResult();

        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString()));
        ConfiguredApiKey? match = null;
        foreach (var key in Options.Keys)
        {
            byte[] configured;
            try { configured = Convert.FromHexString(key.Sha256); }
            catch (FormatException) { continue; }
            // Constant-time comparison, and no early exit, so timing reveals nothing about which key is close.
            if (CryptographicOperations.FixedTimeEquals(configured, presentedHash)) match = key;
        }
        List<Claim> claims;
        if (match is not null)
        {
            claims = [new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role)];
            if (!string.IsNullOrWhiteSpace(match.HomeMunicipalityCode))
            {
                // 5- or 6-digit codes are accepted; a mistyped one must not silently widen the key to every municipality.
                if (!Domain.Geography.MunicipalityCode.TryParse(match.HomeMunicipalityCode.Trim(), out var home, out var error))
                {
                    Logger.LogWarning("Configured API key {Name} has an invalid HomeMunicipalityCode: {Error}", match.Name, error);
                    return AuthenticateResult.Fail("The API key is misconfigured.");
                }
                claims.Add(new Claim(ResourceMapClaims.HomeMunicipality, home.Value));
            }
        }
        else
        {
            // Issued keys: looked up by their hash (unique index); a revoked key no longer authenticates at all.
            var hex = Convert.ToHexStringLower(presentedHash);
            var db = Context.RequestServices.GetRequiredService<ResourceMapDbContext>();
            var issued = await db.ApiKeys.AsNoTracking()
                .Where(k => k.Hash == hex && k.RevokedAt == null)
                .Select(k => new { k.Id, k.Name, k.Role, k.HomeMunicipalityCode })
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (issued is null) return AuthenticateResult.Fail("The API key is not valid.");
            claims =
            [
                new Claim(ClaimTypes.Name, issued.Name), new Claim(ClaimTypes.Role, issued.Role),
                new Claim(ResourceMapClaims.HomeMunicipality, issued.HomeMunicipalityCode),
                new Claim(ResourceMapClaims.KeyId, issued.Id.ToString()),
            ];
        }

        var identity = new ClaimsIdentity(claims, ApiKeyOptions.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyOptions.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = $"{ApiKeyOptions.Scheme} header=\"{ApiKeyOptions.HeaderName}\"";
        var hasKey = Request.Headers.ContainsKey(ApiKeyOptions.HeaderName);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 401, Type = Problems.Unauthorized, Title = "Unauthorized",
                Detail = hasKey ? "The API key in X-Api-Key is not valid." : "This operation needs an API key in the X-Api-Key header.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 403, Type = Problems.Forbidden, Title = "Forbidden",
                Detail = "Your API key's role may not perform this operation.",
            },
        });
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random key (256 bits, URL-safe), prefixed so it is recognisable in a leaked file.</summary>
    public static string NewKey() =>
        "rmk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class ApiKeyRejection
{
    /// <summary>
    /// A request that presents an X-Api-Key which does not authenticate (unknown, revoked or misconfigured) is 401 on
    /// every endpoint, public reads included: treating it as anonymous would let a client whose key was revoked quietly
    /// lose the restricted data it relies on instead of learning that its key no longer works. The health probes stay
    /// reachable whatever a load balancer sends.
    /// </summary>
    public static IApplicationBuilder UseApiKeyRejection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.ContainsKey(ApiKeyOptions.HeaderName) && !context.Request.Path.StartsWithSegments("/health"))
        {
            // The handler keeps its result for the request, so this does not look the key up again.
            var result = await context.AuthenticateAsync(ApiKeyOptions.Scheme);
            if (result.Failure is not null)
            {
                await context.ChallengeAsync(ApiKeyOptions.Scheme);
                return;
            }
        }
        await next();
    });
}
