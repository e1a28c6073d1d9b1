namespace ModularDesk.Agents.SignIn;

internal enum PasswordCheck
{
    Wrong,
    Correct,
    CorrectButRehash,
}
