using ModularDesk.Clients.Language;
using Xunit.Abstractions;

namespace ModularDesk.Clients.Tests.Language;

/// <summary>C5: the detector on our own support-desk sentences (Language/sentences.tsv, 21 per language).</summary>
public sealed class LanguageDetectionTests(ITestOutputHelper output)
{
    private static readonly ClientLanguageDetector Detector = new();

    [Fact]
    public void At_least_90_percent_of_the_sentences_are_detected_right_in_every_language()
    {
        var samples = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Language", "sentences.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .Select(p => (Language: p[0], Text: p[1]))
            .ToList();
        Assert.All(ClientLanguageDetector.Supported, code => Assert.True(samples.Count(s => s.Language == code) >= 20, code));

        var results = samples.Select(s => (s.Language, s.Text, Detected: Detector.Detect(s.Text, hint: null))).ToList();

        var overall = results.Count(r => r.Detected == r.Language) / (double)results.Count;
        foreach (var group in results.GroupBy(r => r.Language))
        {
            var accuracy = group.Count(r => r.Detected == r.Language) / (double)group.Count();
            output.WriteLine($"{group.Key}: {accuracy:P1}");
            Assert.True(accuracy >= 0.8, $"{group.Key}: {accuracy:P1}; wrong: {string.Join(" | ", group.Where(r => r.Detected != r.Language).Select(r => $"{r.Detected}: {r.Text}"))}");
        }

        output.WriteLine($"overall: {overall:P1} of {results.Count}");
        Assert.True(overall >= 0.9, $"overall accuracy {overall:P1}");
    }

    [Theory]
    [InlineData("Olá!", "pt-BR", "pt")]
    [InlineData("ok thanks", "de", "de")]
    [InlineData("Dzień dobry", null, null)]
    public void A_short_text_takes_the_channels_hint(string text, string? hint, string? expected)
    {
        Assert.Equal(expected, Detector.Detect(text, hint));
    }

    [Fact]
    public void A_long_text_wins_over_a_wrong_hint()
    {
        Assert.Equal("pl", Detector.Detect("Dzień dobry, nadal nie otrzymałem zamówienia, minęły już dwa tygodnie.", "en"));
    }
}
