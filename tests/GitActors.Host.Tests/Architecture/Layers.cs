using System.Reflection;
using System.Text.RegularExpressions;
using GitActors.Actors.Hosting;
using GitActors.Models;

namespace GitActors.Host.Tests.Architecture;

/// <summary>The three assemblies and their root namespaces, lowest layer first (docs/architecture.md).</summary>
internal static class Layers
{
    public const string Models = "GitActors.Models";
    public const string Experiments = "GitActors.Models.Experiments";
    public const string Actors = "GitActors.Actors";
    public const string Host = "GitActors.Host";

    public static Assembly ModelsAssembly { get; } = typeof(RunConfig).Assembly;

    public static Assembly ActorsAssembly { get; } = typeof(EngineSystem).Assembly;

    /// <summary>A namespace pattern for the namespace and those under it, by whole segments ("Sweeps" is not "SweepsX").</summary>
    public static string InOrUnder(string ns) => $"^{Regex.Escape(ns)}(\\.|$)";
}
