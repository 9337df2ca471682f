namespace McpGateway.AppHost.Tests;

public sealed class DotEnvTests
{
    [Theory]
    [InlineData("PORT=5000", "PORT", "5000")]
    [InlineData("export HOST=0.0.0.0", "HOST", "0.0.0.0")]
    [InlineData("APP_DOMAIN=https://mcp.example.com # the public origin", "APP_DOMAIN", "https://mcp.example.com")]
    [InlineData("BASIC_AUTH_PASSWORD=pa#ss", "BASIC_AUTH_PASSWORD", "pa#ss")]
    [InlineData("PLATFORM_ADMIN_FULL_NAME='Ada # Lovelace'", "PLATFORM_ADMIN_FULL_NAME", "Ada # Lovelace")]
    [InlineData("GREETING=\"line\\none\"", "GREETING", "line\none")]
    public void A_line_is_a_key_and_its_value(string line, string key, string value)
    {
        Assert.Equal(new KeyValuePair<string, string>(key, value), DotEnv.ParseLine(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# a comment")]
    public void Blank_and_comment_lines_are_nothing(string line)
    {
        Assert.Null(DotEnv.ParseLine(line));
    }

    [Theory]
    [InlineData("no equals sign")]
    [InlineData("=value")]
    [InlineData("TWO WORDS=value")]
    public void A_malformed_line_has_an_empty_key(string line)
    {
        Assert.Equal("", DotEnv.ParseLine(line)?.Key);
    }
}
