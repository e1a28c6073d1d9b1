using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>
/// A small real SMTP server on 127.0.0.1 (RFC 5321: EHLO/HELO, optional AUTH PLAIN/LOGIN, MAIL, RCPT, DATA with
/// dot-unstuffing, RSET, NOOP, QUIT) that keeps every accepted message's exact bytes. Recipients starting with
/// <c>reject</c> get 550 5.1.1, with <c>busy</c> 451 4.3.2, so tests see both kinds of failure.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public SmtpSink(string? user = null, string? password = null)
    {
        User = user;
        Password = password;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptLoopAsync();
    }

    public int Port { get; }

    public string? User { get; }

    public string? Password { get; }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.Latin1);
        async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

        string? from = null;
        var to = new List<string>();
        var authenticated = User is null;
        try
        {
            await Say("220 sink.test ESMTP ready");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : string.Empty;
                switch (verb)
                {
                    case "EHLO":
                        await Say("250-sink.test");
                        await Say("250-8BITMIME");
                        await Say("250-SMTPUTF8");
                        await Say(User is null ? "250 SIZE 52428800" : "250-SIZE 52428800");
                        if (User is not null)
                        {
                            await Say("250 AUTH PLAIN LOGIN");
                        }

                        break;
                    case "HELO":
                        await Say("250 sink.test");
                        break;
                    case "AUTH":
                        authenticated = await AuthenticateAsync(argument, reader, Say);
                        await Say(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                        break;
                    case "MAIL":
                        if (!authenticated)
                        {
                            await Say("530 5.7.0 Authentication required");
                            break;
                        }

                        from = Address(argument);
                        to.Clear();
                        await Say("250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        var recipient = Address(argument);
                        if (recipient.StartsWith("reject", StringComparison.OrdinalIgnoreCase))
                        {
                            await Say("550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
                        }
                        else if (recipient.StartsWith("busy", StringComparison.OrdinalIgnoreCase))
                        {
                            await Say("451 4.3.2 Please try again later");
                        }
                        else
                        {
                            to.Add(recipient);
                            await Say("250 2.1.5 Ok");
                        }

                        break;
                    case "DATA":
                        if (from is null || to.Count == 0)
                        {
                            await Say("503 5.5.1 Bad sequence of commands");
                            break;
                        }

                        await Say("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        Messages.Enqueue(new ReceivedMail(from, to.ToList(), Encoding.Latin1.GetBytes(data.ToString())));
                        from = null;
                        to.Clear();
                        await Say("250 2.0.0 Ok: queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await Say("250 2.0.0 Ok");
                        break;
                    case "NOOP":
                        await Say("250 2.0.0 Ok");
                        break;
                    case "QUIT":
                        await Say("221 2.0.0 Bye");
                        return;
                    default:
                        await Say("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> AuthenticateAsync(string argument, StreamReader reader, Func<string, Task> say)
    {
        var parts = argument.Split(' ', 2);
        if (parts[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            var payload = parts.Length > 1 ? parts[1] : null;
            if (payload is null)
            {
                await say("334 ");
                payload = await reader.ReadLineAsync();
            }

            var fields = Encoding.UTF8.GetString(Convert.FromBase64String(payload ?? string.Empty)).Split('\0');
            return fields.Length == 3 && fields[1] == User && fields[2] == Password;
        }

        if (parts[0].Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
        {
            await say("334 VXNlcm5hbWU6");
            var user = Encoding.UTF8.GetString(Convert.FromBase64String(await reader.ReadLineAsync() ?? string.Empty));
            await say("334 UGFzc3dvcmQ6");
            var password = Encoding.UTF8.GetString(Convert.FromBase64String(await reader.ReadLineAsync() ?? string.Empty));
            return user == User && password == Password;
        }

        return false;
    }

    private static string Address(string argument)
    {
        var start = argument.IndexOf('<', StringComparison.Ordinal);
        var end = argument.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? argument[(start + 1)..end] : argument;
    }
}

/// <summary>One message the sink accepted: envelope and the exact MIME bytes.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, byte[] Raw);
