using FluentValidation;

namespace ResourceMap.Api.Common;

/// <summary>Runs the FluentValidation validator of a request body before the handler; a bad request stops here.</summary>
public sealed class ValidationFilter<T> : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null)
            return Problems.ValidationProblem("body", "A JSON request body is required.");
        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (!result.IsValid) return Problems.ValidationProblem(result.ToSnakeCaseDictionary());
        return await next(context);
    }
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>();

    /// <summary>FluentValidation names properties in PascalCase ("ServiceArea.Level"); the API speaks snake_case.</summary>
    public static Dictionary<string, string[]> ToSnakeCaseDictionary(this FluentValidation.Results.ValidationResult result) =>
        result.Errors.GroupBy(e => SnakeCasePath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    public static string SnakeCasePath(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part =>
            System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(part)));
}
