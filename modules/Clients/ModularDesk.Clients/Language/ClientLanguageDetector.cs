using Lingua;

namespace ModularDesk.Clients.Language;

/// <summary>
/// C5: the language of a client's first message, among the desk's nine languages. Lingua in low-accuracy mode
/// (trigram models only, loaded on first use, one detector per process); the channel's hint wins for texts too
/// short to judge and when the text says nothing.
/// </summary>
internal sealed class ClientLanguageDetector
{
    /// <summary>Below this many letters a text says too little; the channel's hint (if any) decides.</summary>
    public const int ShortTextLength = 20;

    private static readonly IReadOnlyDictionary<Lingua.Language, string> Codes = new Dictionary<Lingua.Language, string>
    {
        [Lingua.Language.English] = "en",
        [Lingua.Language.Portuguese] = "pt",
        [Lingua.Language.Spanish] = "es",
        [Lingua.Language.Russian] = "ru",
        [Lingua.Language.Polish] = "pl",
        [Lingua.Language.German] = "de",
        [Lingua.Language.French] = "fr",
        [Lingua.Language.Ukrainian] = "uk",
        [Lingua.Language.Italian] = "it",
    };

    private readonly Lazy<LanguageDetector> detector = new(
        () => LanguageDetectorBuilder.FromLanguages([.. Codes.Keys]).WithLowAccuracyMode().Build(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyCollection<string> Supported => [.. Codes.Values];

    /// <summary>The language code, or null when neither the text nor the hint tells.</summary>
    public string? Detect(string? text, string? hint)
    {
        var hinted = NormalizeHint(hint);
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Count(char.IsLetter) < ShortTextLength)
        {
            return hinted;
        }

        // Long messages (quoted mail threads) say no more than their start.
        var sample = trimmed.Length > 2000 ? trimmed[..2000] : trimmed;
        var detected = detector.Value.DetectLanguageOf(sample);
        return Codes.TryGetValue(detected, out var code) ? code : hinted;
    }

    /// <summary>The primary subtag of a hint (<c>pt-BR</c> → <c>pt</c>), or null when it is not a language tag.</summary>
    public static string? NormalizeHint(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return null;
        }

        var primary = hint.Trim().Split('-', '_', ',', ';')[0].ToLowerInvariant();
        return primary.Length is 2 or 3 && primary.All(char.IsAsciiLetterLower) ? primary : null;
    }
}
