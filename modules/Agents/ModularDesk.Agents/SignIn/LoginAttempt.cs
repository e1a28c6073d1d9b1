namespace ModularDesk.Agents.SignIn;

/// <summary>One checked sign-in, kept for a day so brute force can be throttled per account and per address.</summary>
internal sealed class LoginAttempt
{
    public long Id { get; set; }

    public string Email { get; set; } = "";

    public string Ip { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public bool Succeeded { get; set; }
}
