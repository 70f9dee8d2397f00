using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Surveys;

namespace ResourceMap.Infrastructure.Persistence.Configurations;

public class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.ToTable("surveys");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.SourceStamp);
        builder.Property(s => s.IssuingMunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(s => s.IssuingMunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MappingProfile>().WithMany().HasForeignKey(s => s.MappingProfileId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Status).HasMaxLength(20);
    }
}

public class SurveyTargetConfiguration : IEntityTypeConfiguration<SurveyTarget>
{
    public void Configure(EntityTypeBuilder<SurveyTarget> builder)
    {
        builder.ToTable("survey_targets");
        // Pages are filled to half, so that marking a target answered (or sent) writes the new row version beside the
        // old one without touching any index (a HOT update): a commit of 100,000 answers marked its targets with
        // 4.5 s of PostgreSQL's CPU on full pages, 0.65 s with this (decision 14).
        builder.HasStorageParameter("fillfactor", 50);
        builder.HasKey(t => t.Id);
        builder.HasOne<Survey>().WithMany().HasForeignKey(t => t.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.CorporateNumber).HasMaxLength(13).IsFixedLength();
        builder.Property(t => t.MunicipalityCode).HasMaxLength(5).IsFixedLength();
        // One target per register entry and per directory organisation: re-importing the list adds nothing.
        builder.HasIndex(t => new { t.SurveyId, t.CorporateNumber }).IsUnique().HasFilter("corporate_number IS NOT NULL");
        builder.HasIndex(t => new { t.SurveyId, t.OrganizationId }).IsUnique().HasFilter("organization_id IS NOT NULL");
        builder.HasIndex(t => new { t.SurveyId, t.MunicipalityCode, t.NameKey });
    }
}

public class MappingProfileConfiguration : IEntityTypeConfiguration<MappingProfile>
{
    public void Configure(EntityTypeBuilder<MappingProfile> builder)
    {
        builder.ToTable("mapping_profiles");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Columns).HasColumnType("jsonb")
            .HasConversion(JsonColumn.Converter<Dictionary<string, List<string>>>(), JsonColumn.Comparer<Dictionary<string, List<string>>>());
        builder.Property(p => p.Options).HasColumnType("jsonb")
            .HasConversion(JsonColumn.Converter<MappingOptions>(), JsonColumn.Comparer<MappingOptions>());
        builder.Property(p => p.MunicipalityCode).HasMaxLength(5).IsFixedLength();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(p => p.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
    }
}

public class SurveyImportConfiguration : IEntityTypeConfiguration<SurveyImport>
{
    public void Configure(EntityTypeBuilder<SurveyImport> builder)
    {
        builder.ToTable("survey_imports");
        builder.HasKey(i => i.Id);
        builder.HasOne<Survey>().WithMany().HasForeignKey(i => i.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.SurveyId, i.Kind, i.Checksum });
        builder.Property(i => i.IgnoredHeaders).HasColumnType("jsonb")
            .HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        // json, not jsonb: a header is text from the file, and jsonb refuses some of it (\u0000).
        builder.Property(i => i.Headers).HasColumnType("json")
            .HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
    }
}

public class SurveyAnswerRowConfiguration : IEntityTypeConfiguration<SurveyAnswerRow>
{
    public void Configure(EntityTypeBuilder<SurveyAnswerRow> builder)
    {
        // Written 100,000 at a time by one COPY and read back only whole (report pages, the archive), never queried
        // inside: the JSON columns are json, which PostgreSQL only validates, not jsonb, which it parses into a tree.
        // A row (about 2.4 KB with its original cells) stays uncompressed in its page up to 8 KB instead of being
        // compressed past 2 KB: the compression cost more than the rest of the COPY (decision 14).
        builder.ToTable("survey_answer_rows");
        builder.HasStorageParameter("toast_tuple_target", 8160);
        // The import and the row number are the key: a surrogate key cost an index entry and a sequence value per
        // copied row (decision 20). Rows are read by import only (report pages, the archive, the apply step).
        builder.HasKey(r => new { r.ImportId, r.RowNumber });
        // No foreign key to the import: its check was a query per copied row, a fifth of a commit's database work. The
        // rows are written only by the import's own COPY, in the transaction that creates the import, and a
        // statement-level trigger deletes them with their import (decision 15).
        builder.Property(r => r.RawCells).HasColumnType("json");
        builder.Property(r => r.Issues).HasColumnType("json")
            .HasConversion(JsonColumn.Converter<List<RowIssue>>(), JsonColumn.Comparer<List<RowIssue>>());
        builder.Property(r => r.MatchDetail).HasColumnType("json");
        builder.Property(r => r.Data).HasColumnType("json")
            .HasConversion(JsonColumn.Converter<SurveyAnswerData>(), JsonColumn.Comparer<SurveyAnswerData>());
        builder.Property(r => r.MunicipalityCode).HasColumnType("char(5)");
    }
}

public class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> builder)
    {
        builder.ToTable("survey_answers");
        builder.HasKey(a => a.Id);
        // No foreign key to the target: its check was a query per inserted answer (a commit inserts 100,000). A commit
        // inserts answers only for the targets of the answer's survey it has just marked answered (and so locked), in
        // the same statement; a statement-level trigger deletes answers with their target (decision 15).
        builder.Property(a => a.MunicipalityCode).HasMaxLength(5).IsFixedLength();
        // The data stays in the import row that answers (import_id, row_number): copying 1 KB an answer was a third of a
        // 100,000-row commit's final statement (decision 18). SurveyAnswerLoading reads it with the answer.
        builder.Ignore(a => a.Data);
        // One current answer per target: a corrected re-export updates it in place.
        builder.HasIndex(a => new { a.SurveyId, a.TargetId }).IsUnique();
    }
}

public class SurveyAnswerChangeConfiguration : IEntityTypeConfiguration<SurveyAnswerChange>
{
    public void Configure(EntityTypeBuilder<SurveyAnswerChange> builder)
    {
        builder.ToTable("survey_answer_changes");
        builder.HasKey(c => c.Id);
        builder.HasOne<SurveyAnswer>().WithMany().HasForeignKey(c => c.AnswerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.PreviousData).HasColumnType("json")
            .HasConversion(JsonColumn.Converter<SurveyAnswerData>(), JsonColumn.Comparer<SurveyAnswerData>());
        builder.HasIndex(c => c.AnswerId);
    }
}

public class SurveyMatchResolutionConfiguration : IEntityTypeConfiguration<SurveyMatchResolution>
{
    public void Configure(EntityTypeBuilder<SurveyMatchResolution> builder)
    {
        builder.ToTable("survey_match_resolutions");
        builder.HasKey(r => new { r.SurveyId, r.MatchKey });
        builder.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyTarget>().WithMany().HasForeignKey(r => r.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class SurveyPublishedServiceConfiguration : IEntityTypeConfiguration<SurveyPublishedService>
{
    public void Configure(EntityTypeBuilder<SurveyPublishedService> builder)
    {
        builder.ToTable("survey_published_services");
        // One service per survey, target and activity type: the key that makes re-publishing an update.
        builder.HasKey(p => new { p.SurveyId, p.TargetId, p.Category });
        builder.Property(p => p.Category).HasMaxLength(50);
        builder.HasOne<Survey>().WithMany().HasForeignKey(p => p.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyTarget>().WithMany().HasForeignKey(p => p.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Service>().WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.ServiceId).IsUnique();
    }
}

public class GazetteerTownConfiguration : IEntityTypeConfiguration<GazetteerTown>
{
    public void Configure(EntityTypeBuilder<GazetteerTown> builder)
    {
        builder.ToTable("gazetteer_towns");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityAlwaysColumn();
        builder.Property(t => t.MunicipalityCode).HasMaxLength(5).IsFixedLength();
        // The geocoder reads one municipality's towns at a time.
        builder.HasIndex(t => new { t.MunicipalityCode, t.TownKey });
    }
}
