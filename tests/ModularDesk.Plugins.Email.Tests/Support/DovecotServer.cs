using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>
/// A real Dovecot IMAP server for one test class: its own config, users and maildirs in a temp folder, listening on
/// 127.0.0.1 on a free port, no TLS, plain passwords. As root the master runs as root, logins as <c>dovenull</c> and
/// mail as <c>dovecot</c> (Dovecot refuses root for both); as any other user everything runs as that user.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string User = "support@example.test";
    public const string Password = "imap-secret";

    private readonly string root = TempDirectory.Create("dovecot");
    private Process? process;

    private DovecotServer()
    {
    }

    public int Port { get; private set; }

    public string Host => "127.0.0.1";

    public static async Task<DovecotServer> StartAsync()
    {
        var server = new DovecotServer { Port = FreePort() };
        server.WriteConfiguration();
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Stops the server (SIGTERM, waits for it) and starts it again on the same port with the same mail.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;

        // Children (imap, imap-login) may outlive the master for a moment; wait until the port is free.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && Accepts())
        {
            await Task.Delay(50);
        }

        TryDelete(Path.Combine(root, "run"));
    }

    /// <summary>An IMAP client logged in as the test user.</summary>
    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    /// <summary>
    /// APPENDs messages byte for byte (an IMAP literal over a plain socket: MailKit would re-serialize what MimeKit
    /// parsed and so repair broken mail), as a mail server's delivery would. The folder is created when missing.
    /// </summary>
    public async Task AppendAsync(string folderName, params byte[][] messages)
    {
        using (var client = await ConnectAsync())
        {
            await GetOrCreateFolderAsync(client, folderName);
            await client.DisconnectAsync(true);
        }

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        await reader.ReadLineAsync(); // greeting
        await CommandAsync(stream, reader, "l", $"LOGIN \"{User}\" \"{Password}\"");
        var tag = 0;
        foreach (var raw in messages)
        {
            var t = $"a{tag++}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{t} APPEND \"{folderName}\" {{{raw.Length}}}\r\n"));
            var go = await reader.ReadLineAsync();
            if (go is null || !go.StartsWith('+'))
            {
                throw new InvalidOperationException($"APPEND refused: {go}");
            }

            await stream.WriteAsync(raw);
            await stream.WriteAsync("\r\n"u8.ToArray());
            await ExpectOkAsync(reader, t);
        }

        await CommandAsync(stream, reader, "z", "LOGOUT");
    }

    private static async Task CommandAsync(NetworkStream stream, StreamReader reader, string tag, string command)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{tag} {command}\r\n"));
        await ExpectOkAsync(reader, tag);
    }

    private static async Task ExpectOkAsync(StreamReader reader, string tag)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                if (!line.StartsWith(tag + " OK", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"IMAP said: {line}");
                }

                return;
            }
        }

        throw new InvalidOperationException("The IMAP server closed the connection.");
    }

    public static async Task<IMailFolder> GetOrCreateFolderAsync(ImapClient client, string name)
    {
        if (string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return client.Inbox;
        }

        try
        {
            return await client.GetFolderAsync(name);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true) ?? throw new InvalidOperationException($"Could not create {name}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TempDirectory.TryDelete(root);
    }

    private async Task StartProcessAsync()
    {
        var log = Path.Combine(root, "dovecot.log");
        var info = new ProcessStartInfo(File.Exists("/usr/sbin/dovecot") ? "/usr/sbin/dovecot" : "dovecot", ["-F", "-c", Path.Combine(root, "dovecot.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(info) ?? throw new InvalidOperationException("dovecot did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Accepts())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log)";
                throw new InvalidOperationException($"Dovecot did not start listening on {Port}:\n{text}");
            }

            await Task.Delay(50);
        }
    }

    private bool Accepts()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void WriteConfiguration()
    {
        var mail = Path.Combine(root, "mail");
        Directory.CreateDirectory(mail);
        var isRoot = Environment.UserName == "root" || GetUid() == 0;
        var (uid, gid, login) = isRoot
            ? (Lookup("/etc/passwd", "dovecot", 2), Lookup("/etc/passwd", "dovecot", 3), "dovenull")
            : (GetUid().ToString(System.Globalization.CultureInfo.InvariantCulture), GetGid(), Environment.UserName);
        if (isRoot)
        {
            Run("chown", "-R", $"{uid}:{gid}", mail);
        }

        var internalUser = isRoot ? "root" : Environment.UserName;
        File.WriteAllText(Path.Combine(root, "users"), $"{User}:{{PLAIN}}{Password}::::::\n");
        var config = new StringBuilder()
            .AppendLine("protocols = imap")
            .AppendLine("listen = 127.0.0.1")
            .AppendLine($"base_dir = {root}/run")
            .AppendLine($"state_dir = {root}/state")
            .AppendLine($"log_path = {root}/dovecot.log")
            .AppendLine("ssl = no")
            .AppendLine("disable_plaintext_auth = no")
            .AppendLine("auth_mechanisms = plain login")
            .AppendLine($"default_internal_user = {internalUser}")
            .AppendLine($"default_internal_group = {(isRoot ? "root" : GetGroupName())}")
            .AppendLine($"default_login_user = {login}")
            .AppendLine("first_valid_uid = 1")
            .AppendLine($"mail_location = maildir:{mail}/%u")
            .AppendLine("mail_fsync = never")
            .AppendLine("passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " + root + "/users\n}")
            .AppendLine("userdb {\n  driver = passwd-file\n  args = username_format=%u " + root + "/users\n  default_fields = uid=" + uid + " gid=" + gid + " home=" + mail + "/%u\n}")
            .AppendLine("service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = " + Port + "\n  }\n  inet_listener imaps {\n    port = 0\n  }\n  chroot =\n}")
            .AppendLine("service anvil {\n  chroot =\n}")
            .AppendLine("protocol imap {\n  imap_idle_notify_interval = 1 secs\n}")
            .ToString();
        File.WriteAllText(Path.Combine(root, "dovecot.conf"), config);
    }

    private static string Lookup(string file, string name, int field) =>
        File.ReadLines(file).Select(l => l.Split(':')).FirstOrDefault(f => f[0] == name)?[field]
        ?? throw new InvalidOperationException($"No '{name}' in {file}: is dovecot-imapd installed (tools/test.sh installs it)?");

    private static int GetUid() => int.Parse(Run("id", "-u").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static string GetGid() => Run("id", "-g").Trim();

    private static string GetGroupName() => Run("id", "-gn").Trim();

    private static string Run(string file, params string[] arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
