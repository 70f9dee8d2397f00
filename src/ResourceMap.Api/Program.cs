using ResourceMap.Api.Analytics;
using ResourceMap.Api.Audit;
using ResourceMap.Api.Geocoding;
using ResourceMap.Api.Exports;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Hsds;
using ResourceMap.Api.Keys;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Municipalities;
using ResourceMap.Api.Organizations;
using ResourceMap.Api.Regions;
using ResourceMap.Api.Search;
using ResourceMap.Api.Services;
using ResourceMap.Api.Sharing;
using ResourceMap.Api.Surveys;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Api.Tiles;

var builder = WebApplication.CreateBuilder(args);
builder.AddResourceMapServices();

var app = builder.Build();
if (await DevCommands.TryRunAsync(app, args)) return;
await app.PrepareDatabaseAsync();

app.UseResourceMapPipeline();
// Every API endpoint refuses query parameters its handler does not declare (400 naming them).
var api = app.MapGroup("").RefuseUndeclaredQueryParameters();
api.MapMunicipalitiesApi();
api.MapRegionsApi();
api.MapTaxonomyApi();
api.MapOrganizationsApi();
api.MapLocationsApi();
api.MapServicesApi();
api.MapSearchApi();
api.MapTilesApi();
api.MapSharingApi();
api.MapGeocodeApi();
api.MapMappingProfilesApi();
api.MapSurveysApi();
api.MapAuditApi();
api.MapKeysApi();
api.MapAnalyticsApi();
api.MapCoverageGapsApi();
api.MapPopulationsApi();
api.MapHsdsApi();
api.MapExportsApi();

await app.RunAsync();

/// <summary>Entry point type, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
