using Microsoft.AspNetCore.Http.HttpResults;

namespace ResourceMap.Api.Common;

/// <summary>Why a directory write did not happen, in the terms of the directory rather than of HTTP.</summary>
public enum WriteFailure
{
    /// <summary>A field is wrong (400): <see cref="WriteError.Fields"/> names each field and reason.</summary>
    Invalid,
    /// <summary>No such record, or one the caller may not write (404, so ids in other municipalities stay unknowable).</summary>
    NotFound,
    /// <summary>The body assigns the record to a municipality the caller may not write for (403).</summary>
    Forbidden,
    /// <summary>The record is archived, or a unique value is taken (409).</summary>
    Conflict,
    /// <summary>The record changed since the version the caller read (412).</summary>
    Stale,
}

/// <summary>A refused write: the failure, a sentence for people and, for <see cref="WriteFailure.Invalid"/>, the fields.</summary>
public sealed record WriteError(WriteFailure Kind, string Detail, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static WriteError Invalid(string field, string reason) =>
        Invalid(new Dictionary<string, string[]> { [field] = [reason] });

    public static WriteError Invalid(IDictionary<string, string[]> fields) =>
        new(WriteFailure.Invalid, "One or more fields are invalid.", new Dictionary<string, string[]>(fields));

    public static WriteError NotFound(string what, object id) => new(WriteFailure.NotFound, $"No {what} with id '{id}'.");

    public static WriteError Forbidden(string detail) => new(WriteFailure.Forbidden, detail);

    public static WriteError Conflict(string detail) => new(WriteFailure.Conflict, detail);

    public static WriteError Archived(string what) => Conflict($"The {what} is archived; archived records are read-only.");

    public static WriteError Stale(string what) =>
        new(WriteFailure.Stale, $"The {what} has changed since the ETag in If-Match was issued; read it again and retry.");

    /// <summary>One line naming every field and reason, for logs and seed-file errors.</summary>
    public override string ToString() => Fields is null
        ? Detail
        : string.Join("; ", Fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"));

    /// <summary>The 400 for <see cref="WriteFailure.Invalid"/>, naming each field and reason.</summary>
    public ValidationProblem ToValidationProblem() => Problems.ValidationProblem(Fields!.ToDictionary());

    /// <summary>The problem for any failure but <see cref="WriteFailure.Invalid"/>.</summary>
    public ProblemHttpResult ToProblemResult() => Kind switch
    {
        WriteFailure.NotFound => TypedResults.Problem(statusCode: 404, type: Problems.NotFound, title: "Not found", detail: Detail),
        WriteFailure.Forbidden => TypedResults.Problem(statusCode: 403, type: Problems.Forbidden, title: "Forbidden", detail: Detail),
        WriteFailure.Conflict => Problems.ConflictProblem(Detail),
        WriteFailure.Stale => TypedResults.Problem(statusCode: 412, type: Problems.PreconditionFailed, title: "Precondition failed", detail: Detail),
        _ => throw new InvalidOperationException($"{Kind} is answered with a validation problem."),
    };
}

/// <summary>A write's outcome: the saved record, or why there is none.</summary>
public sealed record WriteResult<T>(T? Value, WriteError? Error) where T : class
{
    public bool Succeeded => Error is null;

    public static implicit operator WriteResult<T>(T value) => new(value, null);

    public static implicit operator WriteResult<T>(WriteError error) => new(null, error);
}
