using ResourceMap.Api.Analytics;
using ResourceMap.Api.Audit;
using ResourceMap.Api.Geocoding;
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
app.MapMunicipalitiesApi();
app.MapRegionsApi();
app.MapTaxonomyApi();
app.MapOrganizationsApi();
app.MapLocationsApi();
app.MapServicesApi();
app.MapSearchApi();
app.MapTilesApi();
app.MapSharingApi();
app.MapGeocodeApi();
app.MapMappingProfilesApi();
app.MapSurveysApi();
app.MapAuditApi();
app.MapKeysApi();
app.MapAnalyticsApi();
app.MapCoverageGapsApi();
app.MapPopulationsApi();
app.MapHsdsApi();

await app.RunAsync();

/// <summary>Entry point type, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
