using System.Text.RegularExpressions;

namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>
/// Cuts the quoted earlier messages and the signature off a reply's text, so agents see what the client wrote
/// now. Recognizes reply headers in English, Portuguese, Spanish, Russian, Polish, German and French, Outlook's
/// "Original Message" blocks and header blocks, trailing <c>&gt;</c> quotes, the <c>-- </c> signature separator
/// and "Sent from my phone" lines. When cutting would leave nothing, the text is kept whole.
/// </summary>
internal static partial class QuoteStripper
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>A line (or two joined lines) that introduces a quoted message.</summary>
    private static readonly Regex[] ReplyHeaders =
    [
        new(@"^On\s.{1,300}\swrote:$", Options),                                       // en
        new(@"^Em\s.{1,300}\sescreveu:$", Options),                                    // pt
        new(@"^El\s.{1,300}\sescribió:$", Options),                                    // es
        new(@"^.{1,300}\s(escribió|escreveu|wrote|a écrit|schrieb|napisał\(a\)|napisał|napisała|пишет|написал\(а\)|написал|написала)\s?:$", Options),
        new(@"^(W dniu|Dnia)\s.{1,300}\s(napisał\(a\)|napisał|napisała|pisze):?$", Options), // pl
        new(@"^Am\s.{1,300}\sschrieb\s.{1,300}:$", Options),                             // de
        new(@"^.{1,300}\sschrieb am\s.{1,300}:$", Options),                              // de
        new(@"^Le\s.{1,300}\sa écrit\s?:$", Options),                                    // fr
        new(@"^.{0,200}\d{1,2}[./]\d{1,2}[./]\d{2,4}.{0,100}<[^>\s]+@[^>\s]+>\s?:$", Options), // ru (Yandex, Mail.ru): "24.11.2023, 12:00, Имя <a@b>:"
        new(@"^.{0,200}\sг\.\sв\s\d{1,2}:\d{2}.{0,200}:$", Options),                     // ru (Gmail): "пт, 24 нояб. 2023 г. в 12:00, Имя <a@b>:"
        new(@"^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Originalnachricht|Message d'origine|Message transféré|Mensagem original|Mensaje original|Исходное сообщение|Пересылаемое сообщение|Wiadomość oryginalna|Oryginalna wiadomość|Treść oryginalnej wiadomości)\s*-{2,}$", Options),
        new(@"^_{10,}$", Options),                                                       // Outlook's rule before its header block
    ];

    /// <summary>The first line of an Outlook-style header block ("From: … / Sent: …") in the seven languages.</summary>
    private static readonly Regex HeaderBlockFrom = new(@"^\*?(From|De|Von|Od|От|Da|Remitente)\s?:\*?\s.+", Options);

    private static readonly Regex HeaderBlockNext = new(
        @"^\*?(Sent|Date|Enviado|Enviada|Fecha|Gesendet|Datum|Envoyé|Date d'envoi|Wysłano|Wysłane|Data|Отправлено|Дата|To|Para|An|À|Do|Кому|Subject|Assunto|Asunto|Betreff|Objet|Temat|Тема)\s?:\*?\s?.*",
        Options);

    private static readonly Regex MobileSignature = new(
        @"^(Sent from my \w+.*|Sent from (Outlook|Mail|Yahoo Mail).*|Get Outlook for .*|Enviado (do|desde) (meu|mi) .*|Enviado desde .*|Von meinem .* gesendet|Gesendet von .*|Envoyé de mon .*|Envoyé depuis .*|Wysłane z (mojego )?.*|Wysłano z (mojego )?.*|Отправлено с .*|Отправлено из .*)$",
        Options);

    /// <summary>The text a person wrote in this message, without quotes and signature.</summary>
    /// <param name="text">The full plain text.</param>
    /// <returns>The shown text; <paramref name="text"/> itself when nothing was recognized or everything would go.</returns>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var end = lines.Length;

        for (var i = 0; i < end; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var joined = i + 1 < lines.Length ? $"{line} {lines[i + 1].Trim()}" : line;
            if (IsReplyHeader(line) || (!line.StartsWith('>') && IsReplyHeader(joined)) || IsHeaderBlock(lines, i))
            {
                end = i;
                break;
            }

            if (line == "--" || lines[i] == "-- ")
            {
                end = i;
                break;
            }
        }

        // A trailing block of "> " quoted lines (quote without a recognized header).
        var last = end - 1;
        while (last >= 0 && (lines[last].Trim().Length == 0 || lines[last].TrimStart().StartsWith('>')))
        {
            last--;
        }

        end = last + 1;

        // "Sent from my iPhone" and the like among the last lines.
        for (var i = Math.Max(0, end - 3); i < end; i++)
        {
            if (MobileSignature.IsMatch(lines[i].Trim()))
            {
                end = i;
                break;
            }
        }

        var shown = string.Join('\n', lines.Take(end)).Trim();
        return shown.Length == 0 ? text.Trim() : shown;
    }

    private static bool IsReplyHeader(string line) =>
        line.Length <= 700 && (line.EndsWith(':') || line.EndsWith('-') || line.EndsWith('_')) && ReplyHeaders.Any(r => r.IsMatch(line));

    private static bool IsHeaderBlock(string[] lines, int index)
    {
        if (!HeaderBlockFrom.IsMatch(lines[index].Trim()))
        {
            return false;
        }

        var seen = 0;
        for (var j = index + 1; j < Math.Min(lines.Length, index + 5); j++)
        {
            if (HeaderBlockNext.IsMatch(lines[j].Trim()))
            {
                seen++;
            }
        }

        return seen >= 2;
    }
}
