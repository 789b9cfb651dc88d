using System.Globalization;
using Akka.Configuration.Hocon;

namespace GitActors.Actors.Sweeps;

/// <summary>
/// One HOCON object of a sweep file, read strictly: every key must be declared up front, every value is checked as
/// it is read, and every error names the file and the full key path.
/// </summary>
internal sealed class SpecObject
{
    private readonly Dictionary<string, HoconValue> _items;

    public SpecObject(string file, string path, HoconObject hocon, IReadOnlyCollection<string> knownKeys)
    {
        File = file;
        Path = path;
        _items = hocon.Items;
        foreach (var key in _items.Keys)
            if (!knownKeys.Contains(key))
                throw Fail(key, $"unknown key '{key}'; known keys here: {string.Join(", ", knownKeys)}");
    }

    public string File { get; }
    public string Path { get; }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public SweepSpecException Fail(string key, string problem) => new(File, PathOf(key), problem);

    public bool Has(string key) => _items.ContainsKey(key);

    public HoconValue? Value(string key) => _items.GetValueOrDefault(key);

    public SpecObject? Object(string key, IReadOnlyCollection<string> knownKeys)
    {
        if (Value(key) is not { } value) return null;
        if (!value.IsObject()) throw Fail(key, "expected a block { ... }");
        return new SpecObject(File, PathOf(key), value.GetObject(), knownKeys);
    }

    /// <summary>A required, non-empty list; each element is checked by the caller with its indexed path.</summary>
    public IReadOnlyList<HoconValue>? List(string key)
    {
        if (Value(key) is not { } value) return null;
        if (!value.IsArray()) throw Fail(key, "expected a list like [a, b]");
        var items = value.GetArray();
        if (items.Count == 0) throw Fail(key, "the list is empty");
        return items.ToList();
    }

    public string? String(string key) => Value(key) is { } value ? Scalar(key, value) : null;

    public int? Int(string key, int min, int max = int.MaxValue) =>
        Value(key) is { } value ? ParseInt(PathOf(key), Scalar(key, value), min, max) : null;

    public double? Double(string key, double min, double max, bool minExclusive = false)
    {
        if (Value(key) is not { } value) return null;
        var text = Scalar(key, value);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            throw Fail(key, $"'{text}' is not a number");
        if (number < min || (minExclusive && number == min) || number > max)
            throw Fail(key, $"{text} is out of range; expected {(minExclusive ? "above" : "at least")} {Show(min)} and at most {Show(max)}");
        return number;
    }

    public bool? Bool(string key)
    {
        if (Value(key) is not { } value) return null;
        return Scalar(key, value).ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            var text => throw Fail(key, $"'{text}' is not a boolean; expected on/off or true/false"),
        };
    }

    /// <summary>A HOCON duration such as "10s" or "500ms".</summary>
    public TimeSpan? Duration(string key)
    {
        if (Value(key) is not { } value) return null;
        var text = Scalar(key, value);
        TimeSpan span;
        try { span = value.GetTimeSpan(allowInfinite: false); }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw Fail(key, $"'{text}' is not a duration; write e.g. 10s, 500ms, 2m");
        }
        if (span < TimeSpan.Zero) throw Fail(key, $"'{text}' is negative");
        return span;
    }

    public T? Named<T>(string key, Func<string, T> parse) where T : struct =>
        Value(key) is { } value ? ParseNamed(PathOf(key), Scalar(key, value), parse) : null;

    public T ParseNamed<T>(string keyPath, string text, Func<string, T> parse)
    {
        try { return parse(text); }
        catch (ArgumentException e) { throw new SweepSpecException(File, keyPath, e.Message); }
    }

    public int ParseInt(string keyPath, string text, int min, int max = int.MaxValue)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            throw new SweepSpecException(File, keyPath, $"'{text}' is not a whole number");
        if (number < min || number > max)
            throw new SweepSpecException(File, keyPath, $"{number} is out of range; expected {min} to {max}");
        return number;
    }

    /// <summary>The text of a scalar at an indexed list path such as "sweep.seeds[2]".</summary>
    public string ScalarAt(string keyPath, HoconValue value)
    {
        if (value.IsObject() || value.IsArray())
            throw new SweepSpecException(File, keyPath, "expected a single value, not a block or list");
        return value.GetString() ?? throw new SweepSpecException(File, keyPath, "expected a value, got null");
    }

    private string Scalar(string key, HoconValue value) => ScalarAt(PathOf(key), value);

    private static string Show(double value) => value == double.MaxValue ? "any" : value.ToString(CultureInfo.InvariantCulture);
}
