using System.Diagnostics;
using Lingua;

// Usage: dotnet run -c Release --project tools/bench/LanguageMemory [-- low|high|preload]
// Measures what the detector costs (managed heap and working set) in the mode the Clients module uses
// (nine languages, low accuracy, lazily loaded), or in high-accuracy / preloaded mode for comparison,
// and its accuracy on the test sentences.
var mode = args.FirstOrDefault() ?? "low";
Language[] languages =
[
    Language.English, Language.Portuguese, Language.Spanish, Language.Russian, Language.Polish,
    Language.German, Language.French, Language.Ukrainian, Language.Italian,
];
string[] codes = ["en", "pt", "es", "ru", "pl", "de", "fr", "uk", "it"];

var samples = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "sentences.tsv"))
    .Where(l => l.Length > 0 && !l.StartsWith('#'))
    .Select(l => l.Split('\t', 2))
    .ToList();

var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
var setBefore = Process.GetCurrentProcess().WorkingSet64;
var builder = LanguageDetectorBuilder.FromLanguages(languages);
builder = mode switch
{
    "high" => builder,
    "preload" => builder.WithPreloadedLanguageModels(),
    _ => builder.WithLowAccuracyMode(),
};
var watch = Stopwatch.StartNew();
var detector = builder.Build();
var correct = samples.Count(s => Array.IndexOf(languages, detector.DetectLanguageOf(s[1])) is var i && i >= 0 && codes[i] == s[0]);
var firstPass = watch.Elapsed;
watch.Restart();
foreach (var s in samples)
{
    detector.DetectLanguageOf(s[1]);
}

var perText = watch.Elapsed / samples.Count;
var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
Process.GetCurrentProcess().Refresh();
var setAfter = Process.GetCurrentProcess().WorkingSet64;
Console.WriteLine($"mode={mode} sentences={samples.Count} accuracy={correct * 100.0 / samples.Count:F1}%");
Console.WriteLine($"managed heap +{(heapAfter - heapBefore) / 1048576.0:F1} MB, working set +{(setAfter - setBefore) / 1048576.0:F1} MB (now {setAfter / 1048576.0:F0} MB)");
Console.WriteLine($"first pass (loads models) {firstPass.TotalMilliseconds:F0} ms, then {perText.TotalMicroseconds:F0} µs per text");
GC.KeepAlive(detector);
