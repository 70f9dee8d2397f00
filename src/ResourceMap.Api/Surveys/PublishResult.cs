using System.ComponentModel;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Surveys;

public record PublishResult(Guid SurveyId, string Source, int Organizations, int OrganizationsCreated, int Locations, int Services,
    IReadOnlyList<Guid> OrganizationIds, IReadOnlyList<string> Skipped);
