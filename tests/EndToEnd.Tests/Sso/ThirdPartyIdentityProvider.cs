using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests.Sso;

/// <summary>
/// panva's oidc-provider (a certified OpenID Connect provider, locked in idp/package-lock.json) run by Node.js on a
/// loopback port: the third-party identity provider our users sign in at. Its accounts and clients are set by the test
/// through the script's control API (idp/identity-provider.mjs). Fails, never skips, in CI when Node.js is missing.
/// </summary>
public sealed class ThirdPartyIdentityProvider : IAsyncDisposable
{
    private static readonly string Directory = Path.Combine(RepositoryPaths.Root, "tests", "EndToEnd.Tests", "Sso", "idp");

    private readonly Process _process;
    private readonly HttpClient _control = new();

    private ThirdPartyIdentityProvider(Process process, Uri issuer)
    {
        _process = process;
        Issuer = issuer;
        _control.BaseAddress = issuer;
    }

    /// <summary>`http://127.0.0.1:{port}`, without a trailing slash, as the provider's discovery document names it.</summary>
    public Uri Issuer { get; }

    public string IssuerText => Issuer.ToString().TrimEnd('/');

    public static async Task<ThirdPartyIdentityProvider> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Directory, "node_modules", "oidc-provider", "package.json")))
        {
            await InstallAsync(cancellationToken);
        }
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory };
        info.ArgumentList.Add("identity-provider.mjs");
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            RequiredTool.Missing("Node.js 20", "apt-get install nodejs npm");
            throw;
        }
        var output = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Pump(string? line)
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException($"the identity provider exited:\n{output}"));
                return;
            }
            lock (output)
            {
                output.AppendLine(line);
            }
            if (line.StartsWith("idp ready: ", StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(line["idp ready: ".Length..]));
            }
        }
        process.OutputDataReceived += (_, e) => Pump(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ThirdPartyIdentityProvider(process, await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Who <paramref name="login"/> is at the provider from now on (its next sign-in reads these claims).</summary>
    public async Task SetAccountAsync(string login, string email, string name, params string[] groups)
    {
        using var response = await _control.PutAsJsonAsync($"/test/accounts/{Uri.EscapeDataString(login)}",
            new { email, email_verified = true, name, groups }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Registers a confidential client (client_secret_post, code flow) that may redirect to <paramref name="redirectUri"/>.</summary>
    public async Task AddClientAsync(string clientId, string clientSecret, string redirectUri)
    {
        using var response = await _control.PostAsJsonAsync("/test/clients", new
        {
            client_id = clientId,
            client_secret = clientSecret,
            redirect_uris = new[] { redirectUri },
            grant_types = new[] { "authorization_code" },
            response_types = new[] { "code" },
            token_endpoint_auth_method = "client_secret_post",
        }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task InstallAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            info.ArgumentList.Add(argument);
        }
        Process install;
        try
        {
            install = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            RequiredTool.Missing("npm", "apt-get install nodejs npm");
            throw;
        }
        using (install)
        {
            var stdout = install.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = install.StandardError.ReadToEndAsync(cancellationToken);
            await install.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(3), cancellationToken);
            Assert.True(install.ExitCode == 0, $"npm ci in {Directory} failed:\n{await stdout}\n{await stderr}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
