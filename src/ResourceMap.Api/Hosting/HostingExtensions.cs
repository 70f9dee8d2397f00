using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NetTopologySuite.IO.Converters;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using Microsoft.AspNetCore.Routing;
using ResourceMap.Api.WebConsole;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Seeding;

namespace ResourceMap.Api.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddResourceMapServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        var connectionString = configuration.GetConnectionString("ResourceMap")
            ?? throw new InvalidOperationException("ConnectionStrings:ResourceMap is not configured.");
        // Spool directory for uploads, cleared of what a crashed process left behind.
        UploadTempFiles.Prepare(configuration["Uploads:TempRoot"]);
        services.AddHttpContextAccessor();
        services.AddSingleton<Infrastructure.Audit.IAuditActorAccessor, Audit.HttpAuditActorAccessor>();
        var database = configuration.Bound<DatabaseOptions>(DatabaseOptions.Section);
        services.AddResourceMapPersistence(connectionString, configuration.GetConnectionString("ResourceMapRead"),
            ReadRouting.MayReadFromStandby, database.SearchConnectionsOrDefault);
        services.AddResourceMapOptions();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Common.Freshness>();
        services.AddScoped<Organizations.OrganizationWriter>();
        services.AddScoped<Locations.LocationWriter>();
        services.AddScoped<Services.ServiceWriter>();
        services.AddScoped<Keys.ApiKeyWriter>();
        services.AddScoped<IDirectoryRecordWriter<Organization, Organizations.OrganizationRequest>>(p => p.GetRequiredService<Organizations.OrganizationWriter>());
        services.AddScoped<IDirectoryRecordWriter<Location, Locations.LocationRequest>>(p => p.GetRequiredService<Locations.LocationWriter>());
        services.AddScoped<IDirectoryRecordWriter<Service, Services.ServiceRequest>>(p => p.GetRequiredService<Services.ServiceWriter>());
        services.AddScoped(typeof(DirectoryWritePipeline<,>));
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<Seeding.SampleDirectorySeeder>();
        services.AddSingleton<TaxonomyCatalog>();
        services.AddSingleton<Infrastructure.Geocoding.GazetteerGeocoder>();
        services.AddScoped<Surveys.AnswerImporter>();
        services.AddScoped<Surveys.TargetImporter>();
        services.AddScoped<Surveys.SurveyStatisticsCalculator>();
        services.AddScoped<Surveys.SurveyPublisher>();
        services.AddScoped<Surveys.SurveyPublishPlanner>();
        // Searches, tiles, shared capacity and the coverage analysis only read: they use the read data source (a standby
        // when configured). The stale list and neighbours stay on the primary with the other staff reads.
        services.AddSingleton(sp => new Infrastructure.Search.ServiceSearch(sp.GetRequiredService<ReadDataSource>().Searches));
        services.AddSingleton(sp => new Infrastructure.Sharing.SharedCapacity(sp.GetRequiredService<ReadDataSource>().Source));
        services.AddSingleton(sp => new Infrastructure.Tiles.VectorTiles(sp.GetRequiredService<ReadDataSource>().Source));
        services.AddSingleton(sp => new Infrastructure.Analytics.CoverageGaps(sp.GetRequiredService<ReadDataSource>().Source));
        services.AddSingleton<Infrastructure.Analytics.StaleRecords>();
        services.AddSingleton<Infrastructure.Geography.MunicipalityNeighbours>();
        services.AddSingleton<Infrastructure.Analytics.PopulationImport>();
        services.AddSingleton<Tiles.TileCache>();
        services.Configure<PublicBaseUrlOptions>(configuration.GetSection(PublicBaseUrlOptions.Section));
        services.AddScoped<Hsds.HsdsMapper>();
        services.AddScoped<Hsds.HsdsQueries>();
        services.AddScoped<Hsds.HsdsTabularExport>();
        services.AddScoped<Exports.DirectoryExport>();
        services.AddSingleton<Exports.ExportColumns>();
        services.AddSingleton<Exports.ConsultationListPage>();
        services.AddMemoryCache();
        services.AddSingleton<Tiles.TileJsonBuilder>();
        services.AddCrossOrigin(configuration);
        services.AddJsonResponseCompression();

        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        // Swashbuckle describes schemas through MVC's JSON options: keep them identical to the wire format.
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => ApiJson.Configure(o.JsonSerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member?.Name;

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            // Framework-generated problems (415, 404 on unknown routes …) get our stable type URIs too.
            if (ctx.ProblemDetails.Type is null || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                ctx.ProblemDetails.Type = Common.Problems.ForStatus(ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode);
            ctx.ProblemDetails.Extensions["request_id"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddAuthentication(ApiKeyOptions.Scheme)
            .AddScheme<ApiKeyOptions, ApiKeyAuthenticationHandler>(ApiKeyOptions.Scheme,
                o => o.Keys = configuration.GetSection("Auth:ApiKeys").Get<List<ConfiguredApiKey>>() ?? []);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.Partner, Roles.Editor, Roles.Admin))
            .AddPolicy(AuthPolicies.Editor, p => p.RequireAuthenticatedUser().RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        services.AddReadRateLimiting(configuration);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ReadReplicaHealthCheck>("read_replica", tags: ["ready"]);
        services.AddHttpLogging(o => o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                                                       | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration);

        builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; });
        builder.WebHost.ConfigureKestrel(k =>
            k.Limits.MaxRequestBodySize = configuration.Bound<LimitsOptions>(LimitsOptions.Section).MaxRequestBodyBytes);

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(OpenApiSetup.Configure);
        return builder;
    }

    /// <summary>Applies migrations, loads seed data and warms the taxonomy cache, as configured.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var seed = app.Services.GetRequiredService<IOptions<SeedOptions>>().Value;
        using var scope = app.Services.CreateScope();
        // Seed and migration writes are audited under a system actor, not a person.
        using var actor = Infrastructure.Audit.AuditActorScope.Use(Infrastructure.Audit.AuditActorScope.Seed);
        var db = scope.ServiceProvider.GetRequiredService<ResourceMapDbContext>();
        if (database.MigrateOnStartup)
        {
            // A migration that fills a derived table (the search read model) runs for minutes on a large directory.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            // Npgsql's migrator learns whether the history table exists by querying it, which on a fresh database logs
            // a failed command before migrating. Creating the (empty) table first keeps a first start's log truthful.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
            await db.Database.MigrateAsync();
            db.Database.SetCommandTimeout(null);
        }
        if (seed.ReferenceData)
        {
            var directory = SeedDataLocator.Locate(seed.DataDirectory);
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync(directory);
        }
        var catalog = app.Services.GetRequiredService<TaxonomyCatalog>();
        await catalog.LoadAsync(db);
        if (seed.SampleDirectory)
        {
            var directory = SeedDataLocator.Locate(seed.DataDirectory);
            await scope.ServiceProvider.GetRequiredService<Seeding.SampleDirectorySeeder>().SeedAsync(directory);
        }
    }

    public static WebApplication UseResourceMapPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseHttpLogging();
        app.Use(async (context, next) =>
        {
            // One request id in every log line of the request and in every problem document.
            using (app.Logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.TraceIdentifier }))
            {
                context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
                await next();
            }
        });
        app.UseSecurityHeaders();
        app.UsePublicLocation();
        app.UseWebConsole();
        // Before the limits, so a browser on another origin can read a 413 or 429 too.
        app.UseCors();
        app.UseMiddleware<RequestSizeLimitMiddleware>(app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRequestBodyBytes);
        app.UseResponseCompression();
        app.UseAuthentication();
        app.UseReadRateLimiting();
        app.UseApiKeyRejection();
        app.UseAuthorization();
        app.UseContentNegotiation();
        app.UseRequestTextGuard();
        app.UseDeclaredMediaTypes();

        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "ResourceMap API v1");
            o.RoutePrefix = "swagger";
        });

        // Probes answer GET and HEAD only: TRACE, PROPFIND, CONNECT … are 405.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthReport.WriteAsync })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReport.WriteAsync })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
