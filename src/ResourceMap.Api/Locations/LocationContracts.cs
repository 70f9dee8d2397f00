using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Locations;

/// <summary>The writable fields of a site: the body of POST and PUT, and what PATCH merges into.</summary>
public record LocationRequest(
    [property: Description("Name of the site, e.g. 登別市総合福祉センター.")] string? Name,
    [property: Description("Address as written in Japan, e.g. 北海道登別市幌別町1丁目5-3.")] string Address,
    [property: Description("Postal code, e.g. 059-0012.")] string? PostalCode,
    [property: Description("Municipality the site is in (5- or 6-digit). The point must lie inside it or within 2 km of its boundary. Omitted: taken from the point.")] string? MunicipalityCode,
    [property: Description("Latitude, WGS84 degrees.")] double Lat,
    [property: Description("Longitude, WGS84 degrees.")] double Lng,
    [property: Description("location_precision code: exact, town or municipality.")] string Precision);

public record LocationResponse(
    Guid Id,
    string? Name,
    string Address,
    string? PostalCode,
    string MunicipalityCode,
    double Lat,
    double Lng,
    string Precision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastVerifiedAt,
    bool Archived,
    DateTimeOffset? ArchivedAt)
{
    [Description("True when last_verified_at is older than the freshness period (Freshness:StaleAfterDays, 365 days by default): confirm it with POST …/verify.")]
    public bool Stale { get; init; }

    public static LocationResponse From(Location l, Freshness freshness) => new(l.Id, l.Name, l.Address, l.PostalCode, l.MunicipalityCode,
        l.Point.Y, l.Point.X, l.Precision, l.CreatedAt, l.UpdatedAt, l.LastVerifiedAt, l.ArchivedAt is not null, l.ArchivedAt)
    {
        Stale = freshness.IsStale(l.LastVerifiedAt),
    };

    public static LocationRequest ToRequest(Location l) =>
        new(l.Name, l.Address, l.PostalCode, l.MunicipalityCode, l.Point.Y, l.Point.X, l.Precision);
}

public record LocationListQuery : ChangeFeedPageQuery
{
    [Description("Municipality code (5- or 6-digit).")]
    [FromQuery(Name = "municipality")]
    public string? Municipality { get; init; }
}

public class LocationRequestValidator : AbstractValidator<LocationRequest>
{
    /// <summary>A box around Japan's extreme points (Okinotorishima, Minamitorishima, Etorofu, Yonaguni) with margin.</summary>
    public const double MinLat = 20.0, MaxLat = 46.0, MinLng = 122.0, MaxLng = 154.5;

    public LocationRequestValidator(TaxonomyCatalog catalog)
    {
        RuleFor(l => l.Name).MaximumLength(300).MustBeSingleLine();
        RuleFor(l => l.Address).NotEmpty().MaximumLength(500);
        RuleFor(l => l.PostalCode).Matches(@"^\d{3}-?\d{4}$").WithMessage("A postal code is 7 digits, e.g. 059-0012.");
        RuleFor(l => l.MunicipalityCode).MustBeMunicipalityCode();
        RuleFor(l => l.Lat).InclusiveBetween(MinLat, MaxLat)
            .WithMessage(l => $"Latitude {l.Lat} is outside Japan ({MinLat}–{MaxLat}); check that lat and lng are not swapped.");
        RuleFor(l => l.Lng).InclusiveBetween(MinLng, MaxLng)
            .WithMessage(l => $"Longitude {l.Lng} is outside Japan ({MinLng}–{MaxLng}); check that lat and lng are not swapped.");
        RuleFor(l => l.Precision).NotEmpty().MustBeTerm(catalog, Vocabularies.LocationPrecision);
    }
}
