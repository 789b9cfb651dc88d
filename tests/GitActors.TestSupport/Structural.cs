using System.Collections;
using System.Reflection;

namespace GitActors.TestSupport;

/// <summary>Deep equality for records holding arrays and lists, which record equality compares by reference.</summary>
public static class Structural
{
    public static void AssertEqual(object? expected, object? actual, string path = "value")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        var type = expected.GetType();
        if (expected is string || type.IsPrimitive || type.IsEnum || expected is decimal or DateTimeOffset or DateTime or TimeSpan)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
            for (var i = 0; i < left.Count; i++) AssertEqual(left[i], right[i], $"{path}[{i}]");
            return;
        }
        Assert.True(type == actual.GetType(), $"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
                AssertEqual(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }
}
