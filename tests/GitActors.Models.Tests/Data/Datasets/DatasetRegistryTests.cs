using GitActors.Models.Data.Datasets;

namespace GitActors.Models.Tests.Data.Datasets;

public sealed class DatasetRegistryTests
{
    [Fact]
    public void Every_nuisance_variant_has_its_transformation_only_twin_and_nothing_else_does()
    {
        var names = DatasetRegistry.Names;

        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var name in names.Where(n => DatasetRegistry.Recipe(n).Nuisance is not null && !n.EndsWith("-tonly", StringComparison.Ordinal)))
            Assert.True(DatasetRegistry.Recipe(name + "-tonly").TransformationOnly, name);
        Assert.All(names.Where(n => n.EndsWith("-tonly", StringComparison.Ordinal)), n => Assert.NotNull(DatasetRegistry.Recipe(n).Nuisance));
        Assert.Equal(3 * 2 * 2 + 3, names.Count); // {rot,bg,dil} x {fmnist,k49} x {plain,-tonly}; cifar10, cifar100, gtsrb
    }

    [Theory]
    [InlineData("fmnist-lt")] // a family and a profile, but no nuisance recipe
    [InlineData("k49-lt")]
    [InlineData("mnist-lt")]
    [InlineData("FMNIST-BG-LT")] // one spelling per dataset: the name is part of every run id
    [InlineData(" fmnist-bg-lt")]
    public void A_name_without_a_recipe_is_rejected_naming_it_and_listing_the_valid_ones(string name)
    {
        Assert.Null(DatasetRegistry.Find(name));

        var message = Assert.Throws<ArgumentException>(() => DatasetRegistry.Recipe(name)).Message;

        Assert.Contains($"'{name}'", message);
        Assert.All(DatasetRegistry.Names, valid => Assert.Contains(valid, message));
    }

    [Fact]
    public void Only_the_fashion_mnist_sets_ship_built_in()
    {
        Assert.All(DatasetRegistry.Names, n => Assert.Equal(n.StartsWith("fmnist-", StringComparison.Ordinal), DatasetRegistry.Recipe(n).BuiltIn));
        Assert.Equal(DatasetFamily.FashionMnist, DatasetRegistry.Recipe("fmnist-bg-lt-tonly").Family);
        Assert.Equal(DatasetFamily.Cifar100, DatasetRegistry.Recipe("cifar100-lt").Family);
    }
}
