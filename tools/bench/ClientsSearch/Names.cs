namespace ClientsSearch;

/// <summary>
/// Realistic multi-language names: per language, given names and surnames (roots × the language's suffixes, so there
/// are thousands of distinct surnames), picked with a skew so common names are common, as in a real desk.
/// </summary>
internal sealed class Names
{
    internal sealed record Language(string Code, string[] Male, string[] Female, string[] Surnames, Func<string, bool, string> Feminine, string[] Domains, string CountryPrefix);

    public static readonly Language[] Languages =
    [
        new("pl",
            ["Jan", "Łukasz", "Paweł", "Michał", "Krzysztof", "Wojciech", "Grzegorz", "Piotr", "Tomasz", "Jędrzej", "Andrzej", "Marek", "Józef", "Stanisław", "Tadeusz", "Zbigniew", "Rafał", "Bartłomiej", "Maciej", "Przemysław", "Mikołaj", "Kacper", "Jakub", "Mateusz", "Szymon", "Dariusz", "Mirosław", "Sławomir", "Bogdan", "Leszek"],
            ["Anna", "Zofia", "Małgorzata", "Agnieszka", "Katarzyna", "Joanna", "Bożena", "Elżbieta", "Dorota", "Grażyna", "Jadwiga", "Barbara", "Ewa", "Magdalena", "Urszula", "Beata", "Halina", "Teresa", "Iwona", "Żaneta", "Łucja", "Wiesława", "Aleksandra", "Natalia", "Weronika", "Julia", "Maja", "Oliwia", "Krystyna", "Danuta"],
            Combine(["Kowal", "Wiśniew", "Kamień", "Lewandow", "Zieliń", "Szymań", "Dąbrow", "Kozłow", "Jankow", "Piotrow", "Grabow", "Pawłow", "Michal", "Jabłoń", "Nowakow", "Majew", "Olszew", "Jawor", "Malinow", "Gór", "Rutkow", "Ostrow", "Tomaszew", "Zalew", "Jasiń", "Zawadz", "Jakubow", "Sadow", "Chmielew", "Wróblew", "Brzeziń", "Sobczyń", "Czarnec", "Kwiatkow", "Kaczmar", "Sokołow", "Borkow", "Wysoc", "Kalinow", "Przybyl"], ["ski", "czyk", "iak", "ek"])
                .Concat(["Nowak", "Wójcik", "Woźniak", "Mazur", "Krawczyk", "Król", "Wieczorek", "Stępień", "Adamczyk", "Dudek", "Pawlak", "Sikora", "Walczak", "Baran", "Michalak", "Szewczyk", "Pietrzak", "Wróbel", "Marciniak", "Bąk", "Duda", "Włodarczyk", "Wilk", "Zając", "Kubiak", "Głowacki", "Żak", "Łuczak", "Ślusarczyk", "Gołębiowski"]).ToArray(),
            (s, female) => female && s.EndsWith("ski", StringComparison.Ordinal) ? s[..^1] + "a" : female && s.EndsWith("cki", StringComparison.Ordinal) ? s[..^1] + "a" : s,
            ["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "firma.pl", "allegro.pl"], "48"),
        new("pt",
            ["João", "José", "António", "Gonçalo", "Sebastião", "Tomás", "Simão", "Luís", "Rúben", "André", "Vítor", "Fábio", "Márcio", "Caetano", "Estêvão", "Thiago", "Lucas", "Mateus", "Rafael", "Heitor"],
            ["Maria", "Conceição", "Inês", "Beatriz", "Leonor", "Luísa", "Mônica", "Letícia", "Lúcia", "Márcia", "Patrícia", "Cecília", "Vitória", "Cláudia", "Sônia", "Ana", "Joana", "Fernanda", "Lívia", "Giovanna"],
            ["Gonçalves", "Conceição", "Fernandes", "Araújo", "Simões", "Magalhães", "Brandão", "Leitão", "Ferreira", "Ferreirinha", "Gonçalo", "Assunção", "Sebastião", "Loureiro", "Guimarães", "Falcão", "Romão", "Patrício", "Júnior", "Nóbrega", "Sá", "Gusmão", "Antunes", "Teixeira", "Carvalho", "Rodrigues", "Pereira", "Oliveira", "Sousa", "Mendonça", "Monteiro", "Cardoso", "Rebelo", "Pinheiro", "Figueiredo", "Quintão", "Estêvão", "Valadão", "Lobão", "Cunha"],
            (s, _) => s,
            ["gmail.com", "sapo.pt", "uol.com.br", "hotmail.com", "empresa.pt", "terra.com.br"], "351"),
        new("es",
            ["José", "Íñigo", "Jesús", "Ángel", "Álvaro", "Andrés", "Martín", "Nicolás", "Sebastián", "Joaquín", "Raúl", "Óscar", "Rubén", "Adrián", "Fermín", "Ramón", "Germán", "Julián", "Tomás", "Iván"],
            ["María", "Begoña", "Inés", "Lucía", "Sofía", "Mónica", "Verónica", "Raquel", "Ángela", "Rocío", "Nuria", "Aránzazu", "Leticia", "Milagros", "Dolores", "Concepción", "Pilar", "Belén", "Encarnación", "Ainhoa"],
            ["Núñez", "Peña", "Muñoz", "Ibáñez", "Martínez", "García", "Rodríguez", "Fernández", "López", "Sánchez", "Pérez", "Gómez", "Díaz", "Álvarez", "Jiménez", "Hernández", "Ruiz", "Domínguez", "Vázquez", "Ramírez", "Gutiérrez", "Blázquez", "Cañizares", "Menéndez", "Suárez", "Benítez", "Márquez", "Velázquez", "Castaño", "Ordóñez", "Zúñiga", "Echevarría", "Güell", "Larrañaga", "Iñíguez", "Montaña", "Cortés", "Marín", "Rubio", "Calderón"],
            (s, _) => s,
            ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "empresa.es"], "34"),
        new("de",
            ["Jürgen", "Jörg", "Günther", "Björn", "Uwe", "Klaus", "Dieter", "Stefan", "Matthias", "Sören", "Jens", "Holger", "Maximilian", "Lukas", "Tobias", "Florian", "Wolfgang", "Rüdiger", "Hans", "Jörn"],
            ["Jürgen", "Käthe", "Jördis", "Ursula", "Brigitte", "Anneliese", "Gudrun", "Hannelore", "Sabine", "Stefanie", "Katrin", "Jülide", "Lena", "Leonie", "Mareike", "Dörte", "Frauke", "Heike", "Ingrid", "Sophie"],
            ["Müller", "Schäfer", "Schröder", "Köhler", "Groß", "Weiß", "Bäcker", "Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Jäger", "Günther", "Böhm", "Förster", "Möller"],
            (s, _) => s,
            ["gmx.de", "web.de", "t-online.de", "gmail.com", "firma.de"], "49"),
        new("fr",
            ["François", "Jérôme", "Benoît", "Stéphane", "Frédéric", "Gérard", "Hervé", "Sébastien", "Raphaël", "Loïc", "Noël", "Aurélien", "Cédric", "Jérémie", "Grégoire", "Thierry", "Pascal", "Antoine", "Mathéo", "Gaël"],
            ["Hélène", "Émilie", "Céline", "Amélie", "Chloé", "Zoé", "Noémie", "Mélanie", "Élise", "Bérénice", "Géraldine", "Léa", "Inès", "Maëlle", "Françoise", "Anaïs", "Cécile", "Séverine", "Océane", "Agnès"],
            ["Lefèvre", "Lefebvre", "Gauthier", "Dupré", "Bérenger", "Mercier", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Lévêque", "Chevalier", "Boyer", "Gérard", "Brière", "Benoît", "Fontaine", "Aubé"],
            (s, _) => s,
            ["orange.fr", "free.fr", "laposte.net", "gmail.com", "societe.fr"], "33"),
        new("ru",
            ["Александр", "Дмитрий", "Сергей", "Алексей", "Андрей", "Михаил", "Иван", "Николай", "Владимир", "Павел", "Артём", "Евгений", "Максим", "Фёдор", "Григорий", "Юрий", "Олег", "Константин", "Пётр", "Виктор"],
            ["Наталья", "Ольга", "Юлия", "Елена", "Татьяна", "Ирина", "Светлана", "Анастасия", "Екатерина", "Мария", "Дарья", "Ксения", "Алёна", "Людмила", "Галина", "Валентина", "Надежда", "Вера", "Любовь", "Полина"],
            Combine(["Иван", "Смирн", "Кузнец", "Поп", "Сокол", "Лебед", "Козл", "Новик", "Морозо", "Петр", "Волк", "Соловь", "Васильев", "Зайц", "Павл", "Семён", "Голуб", "Виноград", "Богдан", "Воробь", "Фёдор", "Михайл", "Беляк", "Тарас", "Белов", "Комаро", "Орл", "Киселё", "Макар", "Андре"], ["ов", "ин", "ев"]),
            (s, female) => female ? s + "а" : s,
            ["mail.ru", "yandex.ru", "gmail.com", "rambler.ru", "bk.ru"], "7"),
        new("uk",
            ["Олександр", "Андрій", "Євген", "Тарас", "Богдан", "Дмитро", "Іван", "Микола", "Юрій", "Василь", "Остап", "Ярослав", "Святослав", "Віталій", "Григорій"],
            ["Оксана", "Олена", "Ірина", "Наталія", "Юлія", "Тетяна", "Галина", "Ганна", "Марія", "Соломія", "Ярина", "Людмила", "Вікторія", "Катерина", "Христина"],
            Combine(["Шевч", "Ковал", "Бондар", "Ткач", "Кравч", "Олійн", "Шевчук", "Поліщ", "Лисен", "Мельнич", "Марчен", "Руденк", "Савч", "Гончар", "Петр", "Климен", "Павлен", "Левч", "Харч", "Кушн"], ["енко", "ук", "ишин"]),
            (s, _) => s,
            ["ukr.net", "i.ua", "gmail.com", "meta.ua"], "380"),
        new("it",
            ["Giuseppe", "Niccolò", "Nicolò", "Mattia", "Lorenzo", "Alessandro", "Andrea", "Francesco", "Gabriele", "Riccardo", "Tommaso", "Edoardo", "Pietro", "Giacomo", "Salvatore"],
            ["Francesca", "Giulia", "Chiara", "Federica", "Martina", "Alessia", "Sara", "Valentina", "Elisa", "Ilaria", "Noemi", "Beatrice", "Aurora", "Ludovica", "Benedetta"],
            ["Rossi", "Bianchi", "Esposito", "Russo", "Ferrari", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti"],
            (s, _) => s,
            ["libero.it", "virgilio.it", "gmail.com", "tiscali.it", "azienda.it"], "39"),
        new("en",
            ["John", "James", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Andrew", "Joshua", "Kevin", "Brian", "George", "Edward"],
            ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Margaret", "Sandra", "Ashley", "Emily", "Michelle", "Dorothy", "Rebecca", "Chloe"],
            ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "White", "Harris", "Thompson", "Clarke", "O'Brien", "O'Connor", "McDonald", "Walker", "Wright", "Robinson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Turner", "Hill", "Cooper", "Ward", "Morris", "Kelly", "Murphy", "Bennett", "Griffiths", "Fletcher", "Whitaker", "Pemberton", "Ashworth"],
            (s, _) => s,
            ["gmail.com", "outlook.com", "yahoo.co.uk", "company.com", "btinternet.com"], "44"),
    ];

    /// <summary>How often each language occurs (sums to 1).</summary>
    public static readonly double[] LanguageWeights = [0.28, 0.14, 0.12, 0.1, 0.08, 0.1, 0.06, 0.05, 0.07];

    private static readonly Dictionary<string, (string[] Syllables, string[] Endings)> Syllables = new()
    {
        ["pl"] = (["Ko", "Wa", "Brze", "Rzy", "Ście", "Gło", "Ła", "Dzie", "Mar", "Pio", "Tro", "Sta", "Cze", "Kie", "Szcze", "Żu", "Mą", "Grę", "Pa", "Bo", "Ru", "Chmie", "Wol", "Kra", "Sło", "Nie", "Ja", "Ci", "Zda", "Lę"], ["ski", "wicz", "ak", "czyk", "ek", "iec", "niak", "ński"]),
        ["pt"] = (["Ma", "Ga", "Lhã", "Ri", "Bei", "Ro", "Fon", "Se", "Ca", "Ti", "Lo", "Bar", "Quei", "Sou", "Ne", "Gue", "Ra", "Va", "Mi", "Cor"], ["s", "es", "o", "eira", "inho", "ão", "ães"]),
        ["es"] = (["Ba", "Mo", "Ri", "Gal", "Ve", "Cas", "Ta", "Lo", "Me", "Ru", "Pe", "Za", "Ar", "Ce", "Vi", "Or", "Se", "Gu", "No", "Ma"], ["ez", "ález", "iz", "ero", "ada", "uña", "illa"]),
        ["de"] = (["Ha", "Berg", "Kö", "Lin", "Stein", "Wal", "Ro", "Gei", "Bu", "Hei", "Mü", "Fal", "Kro", "Schwa", "Bau", "Ei", "Tan", "Rei", "Wo", "Lö"], ["mann", "er", "rich", "feld", "berger", "hardt", "bach"]),
        ["fr"] = (["Beau", "Mont", "Ro", "Dé", "Ga", "Lé", "Fau", "Che", "Bou", "Mar", "Ver", "Gi", "Du", "La", "Tel", "Pré", "Cha", "Ri", "Vi", "Sé"], ["ard", "et", "ier", "eau", "ot", "ière", "on"]),
        ["ru"] = (["Ка", "Бе", "Ло", "Мо", "Ра", "Сви", "Гор", "Тка", "Жу", "Ши", "Кры", "Ду", "Зве", "Ля", "Пет", "Со", "Хле", "Чер", "Ще", "Ёл"], ["ов", "ев", "ин", "цов", "ников", "ский"]),
        ["uk"] = (["Ко", "Бі", "Ле", "Мо", "Гри", "Сви", "Яро", "Те", "Жу", "Ши", "Кри", "Ду", "Зі", "Ли", "Пе", "Со", "Хо", "Че", "Ще", "Ґа"], ["енко", "ук", "юк", "ишин", "ський", "ич"]),
        ["it"] = (["Ma", "Ber", "Co", "Fa", "Gi", "Lo", "Pe", "Ro", "Sa", "To", "Vi", "Ca", "Bel", "Dal", "Fer", "Lu", "Mo", "Ne", "Pa", "Ri"], ["ini", "etti", "one", "elli", "ucci", "ato", "ardi"]),
        ["en"] = (["Ash", "Brad", "Craw", "Ed", "Fair", "Gold", "Har", "Kings", "Lang", "Mor", "North", "Pem", "Rad", "Stan", "Thorn", "Wake", "West", "Whit", "Win", "Black"], ["ford", "ley", "ton", "worth", "field", "by", "well", "son"]),
    };

    private static string RareSurname(Random random, string language)
    {
        var (syllables, endings) = Syllables[language];
        var text = syllables[random.Next(syllables.Length)];
        var more = random.Next(1, 3);
        for (var i = 0; i < more; i++)
        {
            text += syllables[random.Next(syllables.Length)].ToLowerInvariant();
        }

        return text + endings[random.Next(endings.Length)];
    }

    private static string[] Combine(string[] roots, string[] suffixes) =>
        roots.SelectMany(r => suffixes.Select(s => r + s)).ToArray();

    /// <summary>An index in [0, n) skewed towards 0 (Zipf-like), so some names are much more common than others.</summary>
    public static int Skewed(Random random, int n) => (int)(n * Math.Pow(random.NextDouble(), 1.8));

    public static Language PickLanguage(Random random)
    {
        var x = random.NextDouble();
        for (var i = 0; i < LanguageWeights.Length; i++)
        {
            x -= LanguageWeights[i];
            if (x <= 0)
            {
                return Languages[i];
            }
        }

        return Languages[0];
    }

    /// <summary>A full name: given name(s) and surname(s), sometimes a double given name or double surname.</summary>
    public static (string Name, string Given, string Surname) Person(Random random, Language language)
    {
        var female = random.Next(2) == 0;
        var given = female ? language.Female : language.Male;
        var first = given[Skewed(random, given.Length)];
        // A quarter of people carry a rare surname (syllables of their language), as real desks have tens of
        // thousands of distinct surnames rather than a few hundred.
        var surname = language.Feminine(
            random.NextDouble() < 0.25 ? RareSurname(random, language.Code) : language.Surnames[Skewed(random, language.Surnames.Length)], female);
        var roll = random.NextDouble();
        if (roll < 0.12)
        {
            // Double surname (Portuguese/Spanish style) or a double-barrelled one.
            var second = language.Feminine(language.Surnames[random.Next(language.Surnames.Length)], female);
            surname = language.Code is "pl" or "de" or "en" ? surname + "-" + second : surname + " " + second;
        }
        else if (roll < 0.2)
        {
            first = first + " " + given[random.Next(given.Length)];
        }

        return ($"{first} {surname}", first, surname);
    }
}
