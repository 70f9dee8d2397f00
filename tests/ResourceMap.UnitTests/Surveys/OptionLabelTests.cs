using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.UnitTests.Surveys;

public class OptionLabelTests
{
    private static TaxonomyCatalog Catalog()
    {
        var catalog = new TaxonomyCatalog();
        catalog.Load([new TaxonomyVocabulary { Id = "service_category", LabelJa = "活動種別", LabelEn = "Activity category" }],
        [
            new TaxonomyTerm { Vocabulary = "service_category", Code = "ibasho", LabelJa = "居場所づくり", LabelEn = "Places to belong" },
            new TaxonomyTerm { Vocabulary = "service_category", Code = "consultation", LabelJa = "相談窓口", LabelEn = "Consultation" },
            new TaxonomyTerm { Vocabulary = "service_category", Code = "other", LabelJa = "その他", LabelEn = "Other" },
        ]);
        return catalog;
    }

    [Theory]
    [InlineData("居場所づくり", "ibasho")]
    [InlineData("1. 居場所づくり", "ibasho")]
    [InlineData("①居場所づくり", "ibasho")]
    [InlineData("（２）相談窓口", "consultation")]
    [InlineData("ア．相談窓口", "consultation")]
    [InlineData("b) 相談窓口", "consultation")]
    [InlineData("Consultation", "consultation")]
    public void Numbered_option_labels_find_their_code(string label, string code) =>
        Assert.Equal(code, Catalog().Lookup("service_category", label));

    [Theory]
    [InlineData("10代の居場所")]
    [InlineData("あ居場所づくり")]
    [InlineData("1")]
    public void Text_that_only_resembles_a_numbered_label_finds_nothing(string label) =>
        Assert.Null(Catalog().Lookup("service_category", label));
}
