using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// A survey write that waited too long behind another (<see cref="Infrastructure.Surveys.SurveyBusyException"/>), and the last line behind <see cref="Infrastructure.Surveys.SurveyWriteLock"/>: should a unique key still stop a survey
/// write that raced another (a directory record created meanwhile by another endpoint), the caller gets a 409 to
/// retry, never a 500.
/// </summary>
public static class ConcurrentWrite
{
    public static bool IsConflict(Exception e) => e switch
    {
        Infrastructure.Surveys.SurveyBusyException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => true,
        _ => false,
    };

    public static ProblemHttpResult Problem() =>
        Problems.ConflictProblem("Another request changed this survey's records at the same time, or is still importing into it; nothing was written. Send the request again.");
}
