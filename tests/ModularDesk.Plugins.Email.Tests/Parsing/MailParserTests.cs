using System.Text;
using ModularDesk.Plugins.Email.Inbound;
using ModularDesk.Plugins.Email.Tests.Support;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Tests.Parsing;

/// <summary>The parser alone, on messages built here (the corpus test covers the broken ones through the host).</summary>
public sealed class MailParserTests
{
    [Fact]
    public void The_shown_text_loses_the_quote_while_the_original_stays_in_the_html()
    {
        var parsed = MailParser.Parse(Mail.Text("q@acme.example", "Re: x", "New words.\n\nOn Mon, 23 Nov 2026 at 09:00, Support <s@example.test> wrote:\n> Old <words>."));

        Assert.Equal("New words.", parsed.Message.Text);
        Assert.Contains("&gt; Old &lt;words&gt;.", parsed.Message.Html, StringComparison.Ordinal);
        Assert.Equal(InboundFlags.None, parsed.Message.Flags);
    }

    [Fact]
    public void An_html_only_message_gets_text_from_its_html_and_a_sanitized_html()
    {
        var parsed = MailParser.Parse(Mail.Crlf(
            """
            From: Jan <jan@acme.example>
            Subject: HTML
            Message-ID: <h@acme.example>
            Content-Type: text/html; charset=utf-8

            <html><head><style>p{}</style><script>evil()</script></head><body><p onclick="x()">First&nbsp;line<br>second line</p><ul><li>one</li><li>two</li></ul><img src="cid:logo@x" alt="logo"><iframe src="https://evil.example"></iframe></body></html>
            """));

        Assert.Equal(
            ["First line", "second line", "- one", "- two", "logo"],
            parsed.Message.Text!.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var html = parsed.Message.Html!;
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("cid:logo@x", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_without_message_id_gets_the_same_synthetic_id_every_time()
    {
        var raw = Mail.Crlf("From: Jan <jan@acme.example>\nSubject: no id\n\nBody.\n");

        var first = MailParser.Parse(raw).Message.ExternalMessageId;

        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, MailParser.Parse(raw.ToArray()).Message.ExternalMessageId);
        Assert.NotEqual(first, MailParser.Parse(Mail.Crlf("From: Jan <jan@acme.example>\nSubject: no id\n\nOther body.\n")).Message.ExternalMessageId);
    }

    [Fact]
    public void A_hard_bounce_names_the_failed_recipient_and_a_delayed_one_does_not()
    {
        var hard = MailParser.Parse(Mail.Bounce("dsn1@mx", "gone@acme.example", "5.1.1"));
        var delayed = MailParser.Parse(Mail.Bounce("dsn2@mx", "slow@acme.example", "4.4.7", action: "delayed"));

        Assert.Equal(InboundFlags.Bounce, hard.Message.Flags);
        var (address, reason) = Assert.Single(hard.HardBounces);
        Assert.Equal("gone@acme.example", address);
        Assert.Contains("5.1.1", reason, StringComparison.Ordinal);
        Assert.Equal(InboundFlags.Bounce, delayed.Message.Flags);
        Assert.Empty(delayed.HardBounces);
    }

    [Fact]
    public void Charsets_other_than_utf8_are_decoded()
    {
        var raw = Encoding.ASCII.GetBytes("From: =?windows-1250?Q?=A3ukasz?= <l@acme.example>\r\nSubject: x\r\nMessage-ID: <cs@acme.example>\r\nContent-Type: text/plain; charset=windows-1250\r\n\r\n")
            .Concat(CodePagesText("Zażółć gęślą jaźń", 1250)).ToArray();

        var parsed = MailParser.Parse(raw);

        Assert.Equal("Zażółć gęślą jaźń", parsed.Message.Text);
        Assert.Equal("Łukasz", parsed.Message.From.DisplayName);
    }

    private static byte[] CodePagesText(string text, int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage).GetBytes(text);
    }
}
