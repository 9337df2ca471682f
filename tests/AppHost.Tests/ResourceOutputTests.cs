using Aspire.Hosting.ApplicationModel;
using McpGateway.AppHost.Terminal;

namespace McpGateway.AppHost.Tests;

public sealed class ResourceOutputTests
{
    private static readonly string Rule = new('=', 78);

    [Fact]
    public void Last_words_are_the_exception_message_without_its_stack_and_without_Aspire_s_timestamp()
    {
        var output = Feed(
            (false, "2026-11-27T11:50:33.4640000Z 11:50:33 \u001b[32minfo\u001b[39m: Applying migration"),
            (true, "2026-11-27T11:50:34.0000000Z Unhandled exception. System.InvalidOperationException: AUTH_ENCRYPTION_SECRET is required"),
            (true, "2026-11-27T11:50:34.0000000Z    at McpGateway.Auth.Security.SecretProtector..ctor(IConfiguration configuration)"),
            (true, "2026-11-27T11:50:34.0000000Z --- End of stack trace from previous location ---"),
            (true, "2026-11-27T11:50:34.0000000Z    at Program.<Main>$(String[] args)"));

        Assert.Equal(["Unhandled exception. System.InvalidOperationException: AUTH_ENCRYPTION_SECRET is required", "--- End of stack trace from previous location ---"], output.LastWords());
    }

    [Fact]
    public void Without_error_output_the_last_words_are_its_last_ordinary_lines_without_color_codes()
    {
        var output = Feed((false, "11:50:33 \u001b[1m\u001b[31mcrit\u001b[39m\u001b[22m: Cannot migrate the catalog database"));

        Assert.Equal(["11:50:33 crit: Cannot migrate the catalog database"], output.LastWords());
    }

    [Fact]
    public void A_framed_block_is_handed_over_whole_once_and_never_repeated_in_last_words()
    {
        var output = new ResourceOutput();
        string[] lines = ["", Rule, "  PLATFORM ADMINISTRATOR CREATED: admin@example.com", "      s3cret-generated-password", Rule, "after"];

        var blocks = lines.Select(l => output.Add(new LogLine(0, l, false))).Where(b => b is not null).ToList();

        Assert.Equal([Rule, "  PLATFORM ADMINISTRATOR CREATED: admin@example.com", "      s3cret-generated-password", Rule], Assert.Single(blocks));
        Assert.DoesNotContain(output.LastWords(), l => l.Contains("s3cret"));
        Assert.Contains("after", output.LastWords());
    }

    [Fact]
    public void A_rule_never_closed_does_not_swallow_what_follows()
    {
        var output = Feed([(false, Rule), .. Enumerable.Range(1, 60).Select(i => (false, $"line {i}"))]);

        Assert.Contains("line 60", output.LastWords());
    }

    private static ResourceOutput Feed(params (bool IsError, string Text)[] lines)
    {
        var output = new ResourceOutput();
        foreach (var (isError, text) in lines)
        {
            Assert.Null(output.Add(new LogLine(0, text, isError)));
        }
        return output;
    }
}
