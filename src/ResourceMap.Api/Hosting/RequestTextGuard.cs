using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Query and route values pass the same text rule as JSON strings (no NUL, no control characters, no lone
/// surrogates) before any handler sees them, so `q=%00` or an id with a control character is a 400 naming the
/// parameter instead of a database error.
/// </summary>
public static class RequestTextGuard
{
    public static WebApplication UseRequestTextGuard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var (key, values) in context.Request.Query)
            {
                if (TextRules.Problem(key) is { } keyProblem) errors["query"] = [keyProblem];
                foreach (var value in values)
                    if (value is not null && TextRules.Problem(value) is { } problem) errors[key] = [problem];
            }
            foreach (var (key, value) in context.Request.RouteValues)
                if (value is string text && TextRules.Problem(text) is { } problem) errors[key] = [problem];
            if (errors.Count > 0)
            {
                await Problems.ValidationProblem(errors).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
