namespace ModularDesk.Organizations.Domains;

/// <summary>
/// The built-in list of free-mail domains (O2): addresses there belong to people, not companies, so they never
/// create or join an organization. Admins replace the list through <c>PUT /api/v1/settings/organizations</c>.
/// </summary>
internal static class FreeMailDomains
{
    public static IReadOnlyList<string> BuiltIn { get; } =
    [
        // International
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de",
        "hotmail.it", "hotmail.es", "live.com", "live.co.uk", "live.fr", "live.de", "msn.com", "windowslive.com",
        "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.it", "yahoo.es", "yahoo.com.br", "yahoo.co.jp",
        "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com", "aim.com", "proton.me",
        "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tuta.io", "zoho.com", "zohomail.com",
        "mail.com", "email.com", "fastmail.com", "hushmail.com", "hey.com", "inbox.com", "gmx.com", "yandex.com",
        // Germany, Austria, Switzerland, France, Italy, Spain, Netherlands
        "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de", "arcor.de", "posteo.de",
        "mailbox.org", "bluewin.ch", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it",
        "virgilio.it", "tiscali.it", "alice.it", "terra.es", "telefonica.net", "ziggo.nl", "kpnmail.nl", "home.nl",
        // Russia and neighbours
        "yandex.ru", "ya.ru", "yandex.ua", "yandex.by", "yandex.kz", "mail.ru", "inbox.ru", "list.ru", "bk.ru",
        "rambler.ru", "ukr.net", "i.ua", "meta.ua", "tut.by",
        // Poland, Czechia
        "wp.pl", "o2.pl", "tlen.pl", "interia.pl", "interia.eu", "poczta.fm", "onet.pl", "onet.eu", "op.pl",
        "vp.pl", "gazeta.pl", "seznam.cz", "centrum.cz", "email.cz",
        // Brazil, Latin America
        "uol.com.br", "bol.com.br", "terra.com.br", "ig.com.br", "globo.com", "globomail.com", "r7.com",
        "oi.com.br", "zipmail.com.br", "hotmail.com.br", "outlook.com.br", "live.com.mx", "hotmail.com.mx",
        "prodigy.net.mx", "hotmail.com.ar", "yahoo.com.ar", "yahoo.com.mx",
        // Asia
        "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "naver.com", "daum.net", "hanmail.net",
        "rediffmail.com",
    ];
}
