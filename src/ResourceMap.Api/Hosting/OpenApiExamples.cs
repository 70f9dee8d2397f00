using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Organizations;
using ResourceMap.Api.Regions;
using ResourceMap.Api.Services;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ResourceMap.Api.Hosting;

/// <summary>Worked examples for the request bodies, taken from the Noboribetsu survey area.</summary>
public sealed class OpenApiExamples : ISchemaFilter
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(OrganizationRequest)] = """
            {"name":"NPO法人 のぼりべつ子ども食堂ネット","name_kana":"ノボリベツコドモショクドウネット","legal_form":"npo",
             "corporate_number":"7000012050002","description":"市内3か所で子ども食堂を運営しています。","website":"https://example.org/kodomo",
             "email":"info@example.jp","phones":[{"number":"0143-85-0000","description":"代表"}],"platform_member":true,
             "platform_role":"support","platform_joined_on":"2024-04-01","owner_municipality_code":"01230"}
            """,
        [typeof(LocationRequest)] = """
            {"name":"ふくしプラザのぼりべつ","address":"北海道登別市幌別町1丁目5-3","postal_code":"059-0012",
             "municipality_code":"01230","lat":42.413,"lng":141.106,"precision":"town"}
            """,
        [typeof(ServiceRequest)] = """
            {"organization_id":"0190a3e2-0000-7000-8000-000000000001","name":"みんなの居場所 土曜食堂","description":"どなたでも立ち寄れる食堂です。",
             "category":"ibasho","target_groups":["children","living_alone"],"problem_keywords":["loneliness","poverty"],"channels":["in_person"],
             "anonymous_ok":true,"hours":[{"day":"sat","opens":"11:00","closes":"14:00"},{"day":"fri","opens":"18:00","closes":"22:00"}],
             "hours_notes":"年末年始は休み","frequency":"weekly","fee":"無料","languages":["ja","easy_ja"],"commissioned_by_municipality":false,
             "capacity_note":"30人まで","accepts_other_municipalities":true,"owner_municipality_code":null,
             "location_ids":["0190a3e2-0000-7000-8000-000000000002"],
             "service_area":{"level":"region","municipality_codes":[],"region_id":"nishi-iburi","prefecture_code":null,"district_name":null,"drawn_area":null}}
            """,
        [typeof(CreateRegionRequest)] = """
            {"id":"shiraoi-noboribetsu","name_ja":"白老・登別","name_en":"Shiraoi and Noboribetsu","description":"相互利用の協定区域","member_codes":["01578","01230"]}
            """,
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type, out var example))
            concrete.Example = JsonNode.Parse(example);
    }
}
