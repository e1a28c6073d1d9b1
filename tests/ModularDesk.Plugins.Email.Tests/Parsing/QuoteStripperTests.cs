using ModularDesk.Plugins.Email.Inbound;

namespace ModularDesk.Plugins.Email.Tests.Parsing;

/// <summary>What the agent sees of a reply: the new words, not the quoted history or the signature.</summary>
public sealed class QuoteStripperTests
{
    [Theory]
    [InlineData("en", "On Mon, 23 Nov 2026 at 09:00, Example Support <support@example.test> wrote:")]
    [InlineData("en (Outlook.com)", "On 23/11/2026 09:00, support@example.test wrote:")]
    [InlineData("pt", "Em seg., 23 de nov. de 2026 às 09:00, Suporte <support@example.test> escreveu:")]
    [InlineData("es", "El lun, 23 nov 2026 a las 9:00, Soporte (<support@example.test>) escribió:")]
    [InlineData("ru (Gmail)", "пн, 23 нояб. 2026 г. в 09:00, Поддержка <support@example.test>:")]
    [InlineData("ru (Yandex)", "23.11.2026, 09:00, \"Поддержка\" <support@example.test>:")]
    [InlineData("ru (Thunderbird)", "Поддержка пишет:")]
    [InlineData("pl (Thunderbird)", "W dniu 23.11.2026 o 09:00, Wsparcie pisze:")]
    [InlineData("pl (Gmail)", "pon., 23 lis 2026 o 09:00 Wsparcie <support@example.test> napisał(a):")]
    [InlineData("de", "Am Mo., 23. Nov. 2026 um 09:00 Uhr schrieb Support <support@example.test>:")]
    [InlineData("de (Thunderbird)", "Support schrieb am 23.11.2026 um 09:00:")]
    [InlineData("fr", "Le lun. 23 nov. 2026 à 09:00, Support <support@example.test> a écrit :")]
    [InlineData("Outlook", "-----Original Message-----")]
    [InlineData("Outlook de", "-----Ursprüngliche Nachricht-----")]
    [InlineData("Outlook pl", "-----Wiadomość oryginalna-----")]
    public void A_reply_header_in_each_language_cuts_the_quoted_message(string language, string header)
    {
        var text = $"Thanks, it works now.\nJan\n\n{header}\n> Please restart the router.\n> Support";

        Assert.True("Thanks, it works now.\nJan" == QuoteStripper.Strip(text), language);
    }

    [Fact]
    public void A_reply_header_wrapped_over_two_lines_is_recognized()
    {
        var text = "Works now.\n\nOn Mon, 23 Nov 2026 at 09:00, Example Support <\nsupport@example.test> wrote:\n> old text";

        Assert.Equal("Works now.", QuoteStripper.Strip(text));
    }

    [Theory]
    [InlineData("From: Example Support <support@example.test>\nSent: Monday, November 23, 2026 9:00 AM\nTo: Jan <jan@acme.example>\nSubject: Re: Invoice")]
    [InlineData("Von: Example Support <support@example.test>\nGesendet: Montag, 23. November 2026 09:00\nAn: Jan\nBetreff: AW: Rechnung")]
    [InlineData("De : Example Support <support@example.test>\nEnvoyé : lundi 23 novembre 2026 09:00\nÀ : Jan\nObjet : RE: Facture")]
    [InlineData("Od: Example Support <support@example.test>\nWysłano: poniedziałek, 23 listopada 2026 09:00\nDo: Jan\nTemat: RE: Faktura")]
    [InlineData("От: Example Support <support@example.test>\nОтправлено: 23 ноября 2026 г. 9:00\nКому: Jan\nТема: RE: Счёт")]
    [InlineData("De: Example Support <support@example.test>\nEnviado: lunes, 23 de noviembre de 2026 9:00\nPara: Jan\nAsunto: RE: Factura")]
    public void An_Outlook_header_block_cuts_the_quoted_message(string block)
    {
        var text = $"Yes, please cancel it.\n\n{block}\n\nOld text we sent.";

        Assert.Equal("Yes, please cancel it.", QuoteStripper.Strip(text));
    }

    [Theory]
    [InlineData("-- \nJan Kowalski\nAcme sp. z o.o.")]
    [InlineData("--\nJan Kowalski")]
    [InlineData("Sent from my iPhone")]
    [InlineData("Wysłane z iPhone'a")]
    [InlineData("Von meinem iPhone gesendet")]
    [InlineData("Envoyé de mon iPhone")]
    [InlineData("Enviado do meu iPhone")]
    [InlineData("Отправлено с iPhone")]
    [InlineData("Enviado desde mi iPhone")]
    public void A_signature_is_cut(string signature)
    {
        Assert.Equal("See you tomorrow.", QuoteStripper.Strip($"See you tomorrow.\n\n{signature}"));
    }

    [Fact]
    public void Trailing_quoted_lines_without_a_header_are_cut_but_inline_answers_stay()
    {
        Assert.Equal("Answer below:\n> question one?\nyes", QuoteStripper.Strip("Answer below:\n> question one?\nyes\n\n> rest of the quote\n> more"));
    }

    [Fact]
    public void A_message_that_is_all_quote_is_kept_whole_and_plain_text_is_untouched()
    {
        const string allQuote = "On Mon, 23 Nov 2026 at 09:00, Support <s@example.test> wrote:\n> text";
        Assert.Equal(allQuote, QuoteStripper.Strip(allQuote));
        Assert.Equal("Just a question\nover two lines.", QuoteStripper.Strip("Just a question\r\nover two lines.\r\n"));
    }
}
