using McpGateway.Admin.Extensions;
using McpGateway.ServiceDefaults;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // AppHost runs the built assembly from its own working directory: the files ship beside the assembly.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// The gateway forwards `/admin/...` unchanged: the UI lives under that base, `/health` and `/alive` outside it.
app.UsePathBase(AdminSettings.PathBase);
app.UseSecurityHeaders();
// The stylesheet and script are linked with a version of their content (asp-append-version): a week of caching is safe.
app.MapDefaultEndpoints(beforeAuthentication: pipeline => pipeline.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=604800",
}));
app.MapRazorPages();

app.Run();

public partial class Program;
