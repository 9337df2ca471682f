using System.Net;
using McpGateway.Admin.Infrastructure;

namespace McpGateway.Admin.Tests;

public sealed class ApiProblemTests
{
    [Fact]
    public void A_validation_problem_gives_its_title_detail_and_every_field_error()
    {
        var problem = ApiProblem.Parse(HttpStatusCode.BadRequest, """
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,
             "detail":"Check the fields.","errors":{"password":["Too short.","Needs a digit."],"email":["Required."]},"traceId":"00-abc"}
            """);

        Assert.Equal(400, problem.Status);
        Assert.Equal("One or more validation errors occurred.", problem.Title);
        Assert.Equal("Check the fields.", problem.Detail);
        Assert.Equal(["Too short.", "Needs a digit."], problem.Errors["password"]);
        Assert.Equal(["Required."], problem.Errors["email"]);
    }

    [Fact]
    public void An_oauth_error_reads_its_description()
    {
        var problem = ApiProblem.Parse(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"The token has expired."}""");

        Assert.Equal("The token has expired.", problem.Detail);
        Assert.Equal("The request was not accepted", problem.Title);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html><body>Bad gateway</body></html>", "The service failed to answer")]
    [InlineData(HttpStatusCode.Forbidden, "", "You are not allowed to do this")]
    [InlineData(HttpStatusCode.NotFound, "[1,2]", "Not found")]
    public void A_body_that_is_no_problem_gives_a_plain_title_for_its_status_and_nothing_of_the_body(HttpStatusCode status, string body, string title)
    {
        var problem = ApiProblem.Parse(status, body);

        Assert.Equal(title, problem.Title);
        Assert.Null(problem.Detail);
        Assert.Empty(problem.Errors);
    }
}
