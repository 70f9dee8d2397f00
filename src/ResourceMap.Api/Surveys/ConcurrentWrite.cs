using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// The last line behind <see cref="Infrastructure.Surveys.SurveyWriteLock"/>: should a unique key still stop a survey
/// write that raced another (a directory record created meanwhile by another endpoint), the caller gets a 409 to
/// retry, never a 500.
/// </summary>
public static class ConcurrentWrite
{
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => true,
        _ => false,
    };

    public static ProblemHttpResult Problem() =>
        Problems.ConflictProblem("Another request changed this survey's records at the same time; nothing was written. Send the request again.");
}
