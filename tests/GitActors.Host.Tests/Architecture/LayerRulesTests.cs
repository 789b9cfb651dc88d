using System.Reflection;
using NetArchTest.Rules;

namespace GitActors.Host.Tests.Architecture;

/// <summary>
/// The layers only reach down: Models (with its Experiments domain) knows no actors, Actors knows no CLI. A type that
/// breaks this fails here with its name and the reference that broke it.
/// </summary>
public sealed class LayerRulesTests
{
    [Fact]
    public void Models_does_not_depend_on_Akka_Actors_or_Host() =>
        AssertNoDependency(Layers.ModelsAssembly, Layers.Models, "Akka", Layers.Actors, Layers.Host);

    [Fact]
    public void Actors_does_not_depend_on_Host() =>
        AssertNoDependency(Layers.ActorsAssembly, Layers.Actors, Layers.Host);

    /// <summary>The experiment domain works on configs, events and results, never on tensors, networks or losses.</summary>
    [Fact]
    public void Experiments_does_not_depend_on_TorchSharp_or_training_internals() =>
        AssertNoDependency(Layers.ModelsAssembly, Layers.Experiments,
            "TorchSharp", "GitActors.Models.Torch", "GitActors.Models.Networks", "GitActors.Models.Losses");

    private static void AssertNoDependency(Assembly assembly, string types, params string[] forbidden)
    {
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespaceMatching(Layers.InOrUnder(types))
            .Should().NotHaveDependencyOnAny(forbidden)
            .GetResult();
        Assert.True(result.SelectedTypesForTesting.Any(), $"no types under {types}: the rule tests nothing");
        Assert.True(result.IsSuccessful,
            $"{types} must not use {string.Join(", ", forbidden)}; these do:\n" +
            string.Join("\n", result.FailingTypes.Select(t => $"  {t.FullName}: {t.Explanation?.Trim()}")));
    }
}
