using ModularDesk.Organizations.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Domains;

/// <summary>A desk nobody configured yet.</summary>
public sealed class FreshDeskSettingsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Auto_creation_is_on_and_the_common_free_mail_domains_are_listed()
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.GetAsync("/api/v1/settings/organizations");

        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("autoCreateFromEmailDomain").GetBoolean());
        var listed = body.GetProperty("freeMailDomains").Strings().ToHashSet();
        foreach (var domain in new[]
                 {
                     "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
                     "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "yandex.ru", "mail.ru", "rambler.ru",
                     "wp.pl", "o2.pl", "interia.pl", "onet.pl", "uol.com.br", "bol.com.br", "terra.com.br",
                 })
        {
            Assert.Contains(domain, listed);
        }
    }
}
