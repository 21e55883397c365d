using YamlDotNet.RepresentationModel;

namespace EventRecovery.Deploy.Tests;

/// <summary>Navigation in parsed YAML: mapping members, sequences and scalars, failing the test when absent.</summary>
internal static class Yaml
{
    public static List<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    public static YamlNode At(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out var child), $"no '{key}' in {node.Start}");
            node = child!;
        }
        return node;
    }

    public static string Text(this YamlNode node, params string[] path) => Assert.IsType<YamlScalarNode>(node.At(path)).Value!;

    /// <summary>A plain (unquoted) scalar that is an integer, as Kubernetes requires for counts.</summary>
    public static int Int(this YamlNode node, params string[] path)
    {
        var scalar = Assert.IsType<YamlScalarNode>(node.At(path));
        Assert.Equal(YamlDotNet.Core.ScalarStyle.Plain, scalar.Style);
        return int.Parse(scalar.Value!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static List<YamlNode> Items(this YamlNode node, params string[] path) =>
        Assert.IsType<YamlSequenceNode>(node.At(path)).Children.ToList();
}
