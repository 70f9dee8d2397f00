using System.Security.Claims;
using ResourceMap.Infrastructure.Audit;

namespace ResourceMap.Api.Audit;

/// <summary>The actor of an audited change made through the API is the authenticated key's name.</summary>
public sealed class HttpAuditActorAccessor(IHttpContextAccessor httpContextAccessor) : IAuditActorAccessor
{
    public string? CurrentActor
    {
        get
        {
            var user = httpContextAccessor.HttpContext?.User;
            return user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.Name) : null;
        }
    }
}
