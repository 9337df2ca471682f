using McpGateway.Admin.Infrastructure;

namespace McpGateway.Admin.Tests;

public sealed class PagingTests
{
    private static readonly Dictionary<string, string?> NoFilters = [];

    [Fact]
    public void With_a_total_there_is_a_next_page_only_while_rows_remain()
    {
        Assert.True(new Paging(0, 50, 50, 120, NoFilters).HasNext);
        Assert.True(new Paging(50, 50, 50, 120, NoFilters).HasNext);
        Assert.False(new Paging(100, 50, 20, 120, NoFilters).HasNext);
        Assert.Equal("101–120 of 120", new Paging(100, 50, 20, 120, NoFilters).Description);
    }

    [Fact]
    public void Without_a_total_a_full_page_means_there_may_be_more()
    {
        Assert.True(new Paging(0, 50, 50, null, NoFilters).HasNext);
        Assert.False(new Paging(0, 50, 49, null, NoFilters).HasNext);
        Assert.Equal("1–49", new Paging(0, 50, 49, null, NoFilters).Description);
    }

    [Fact]
    public void Links_keep_the_filters_that_have_a_value_and_encode_them()
    {
        var paging = new Paging(50, 50, 50, null, new Dictionary<string, string?> { ["userEmail"] = "a+b@example.com", ["action"] = null, ["log"] = "" });

        Assert.Equal("?userEmail=a%2Bb@example.com&skip=100&limit=50", paging.LinkTo(paging.Next));
        Assert.Equal("?userEmail=a%2Bb@example.com&skip=0&limit=50", paging.LinkTo(paging.Previous));
    }

    [Fact]
    public void The_previous_page_never_goes_below_the_first()
    {
        var paging = new Paging(20, 50, 10, null, NoFilters);

        Assert.True(paging.HasPrevious);
        Assert.Equal(0, paging.Previous);
        Assert.False(new Paging(0, 50, 10, null, NoFilters).HasPrevious);
    }

    [Theory]
    [InlineData(null, null, 0, 50)]
    [InlineData(-5, 0, 0, 1)]
    [InlineData(10, 100000, 10, Paging.MaxLimit)]
    public void Skip_and_limit_from_the_address_bar_are_made_sane(int? skip, int? limit, int expectedSkip, int expectedLimit) =>
        Assert.Equal((expectedSkip, expectedLimit), Paging.Clamp(skip, limit, 50));
}
