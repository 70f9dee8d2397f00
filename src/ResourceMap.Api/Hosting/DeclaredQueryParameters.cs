using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Unknown query parameters are refused (400 naming each one) instead of being silently ignored: a misspelt filter
/// (?categroy=ibasho) would otherwise return the whole directory as if it had been applied. One endpoint filter for
/// every API endpoint reads the query names each handler declares — [FromQuery] parameters, [AsParameters] members
/// and simple parameters not in the route — so a new parameter is accepted as soon as a handler binds it.
/// </summary>
public static class DeclaredQueryParameters
{
    /// <summary>Applies the rule to every endpoint mapped under <paramref name="group"/>.</summary>
    public static TBuilder RefuseUndeclaredQueryParameters<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder =>
        group.AddEndpointFilterFactory((context, next) =>
        {
            var declared = Of(context.MethodInfo);
            return invocation =>
            {
                var unknown = invocation.HttpContext.Request.Query.Keys.Where(k => !declared.Contains(k)).Order(StringComparer.Ordinal).ToList();
                if (unknown.Count == 0) return next(invocation);
                var accepted = declared.Count == 0 ? "none" : string.Join(", ", declared.Order(StringComparer.Ordinal));
                var errors = unknown.ToDictionary(k => k,
                    k => new[] { $"Unknown query parameter '{k}'; this endpoint accepts: {accepted}." });
                return ValueTask.FromResult<object?>(Problems.ValidationProblem(errors,
                    $"Unknown query parameter{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown)}."));
            };
        });

    /// <summary>The query names a handler binds (compared case-insensitively, as binding does).</summary>
    public static HashSet<string> Of(MethodInfo handler)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    if (QueryName(property.GetCustomAttribute<FromQueryAttribute>(), property.Name, property.PropertyType,
                            property.GetCustomAttributes().Any(a => a is FromServicesAttribute or FromRouteAttribute or FromHeaderAttribute or FromBodyAttribute)) is { } name)
                        names.Add(name);
                continue;
            }
            if (QueryName(parameter.GetCustomAttribute<FromQueryAttribute>(), parameter.Name!, parameter.ParameterType,
                    parameter.GetCustomAttributes().Any(a => a is FromServicesAttribute or FromRouteAttribute or FromHeaderAttribute or FromBodyAttribute
                        or FromFormAttribute or FromKeyedServicesAttribute)) is { } bound)
                names.Add(bound);
        }
        return names;
    }

    /// <summary>
    /// A simple parameter without an attribute binds from the route when the template names it, else from the query;
    /// counting route names too only means ?id= is tolerated where {id} is in the path.
    /// </summary>
    private static string? QueryName(FromQueryAttribute? fromQuery, string name, Type type, bool boundElsewhere)
    {
        if (fromQuery is not null) return fromQuery.Name ?? name;
        return boundElsewhere || !IsSimple(type) ? null : name;
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return IsSimple(type.GetElementType()!);
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly);
    }
}
