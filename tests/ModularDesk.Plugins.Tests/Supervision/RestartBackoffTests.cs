using ModularDesk.Channels.Plugins.Supervision;

namespace ModularDesk.Plugins.Tests.Supervision;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Waits_double_from_one_second_up_to_five_minutes()
    {
        var backoff = RestartBackoff.CreateDefault();

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.NextDelay(TimeSpan.Zero).TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], delays);
    }

    [Fact]
    public void A_run_that_stayed_up_a_few_minutes_resets_the_wait_to_one_second()
    {
        var backoff = RestartBackoff.CreateDefault();
        for (var i = 0; i < 6; i++)
        {
            backoff.NextDelay(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay(TimeSpan.FromMinutes(3)));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.NextDelay(TimeSpan.FromSeconds(1)));
    }
}
