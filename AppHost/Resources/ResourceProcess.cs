using System.Diagnostics;
using System.Net;
using McpGateway.AppHost.Terminal;

namespace McpGateway.AppHost.Resources;

/// <summary>
/// One resource's running process: `dotnet {entry dll}` with its environment, its output echoed line by line behind
/// its name, its `/health` polled until ready, and stopped gracefully (then forcibly) on request.
/// </summary>
public sealed class ResourceProcess
{
    private const int RememberedLines = 12;

    private readonly Process process;
    private readonly LogWriter log;
    private readonly Queue<string> lastLines = new();
    private readonly Task output;

    public string Name { get; }

    /// <summary>Where it listens, e.g. `http://127.0.0.1:41234` (no trailing slash).</summary>
    public string Url { get; }
    public int Id => process.Id;

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited { get; }

    private ResourceProcess(string name, string url, Process process, LogWriter log)
    {
        Name = name;
        Url = url;
        this.process = process;
        this.log = log;
        output = Task.WhenAll(EchoAsync(process.StandardOutput), EchoAsync(process.StandardError));
        Exited = WaitForExitAsync();
    }

    /// <summary>
    /// Starts the resource with this process's environment plus <paramref name="environment"/> (a null value removes
    /// a variable), in the current directory, so relative paths in settings mean what they meant to the user.
    /// </summary>
    public static ResourceProcess Start(string name, string entryPoint, string url, IReadOnlyDictionary<string, string?> environment, LogWriter log)
    {
        var startInfo = new ProcessStartInfo(DotnetHost.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Not the terminal: a child must never read keys or change the terminal's modes.
            RedirectStandardInput = true,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        startInfo.ArgumentList.Add(entryPoint);
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {name} ({entryPoint}).");
        process.StandardInput.Close();
        return new ResourceProcess(name, url, process, log);
    }

    /// <summary>Polls `/health` every 100 ms until it answers 200; fails if the process exits or the time runs out.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var healthUrl = $"{Url}/health";
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var lastAnswer = "no answer";
        while (true)
        {
            if (process.HasExited)
            {
                throw await FailedAsync($"{Name} exited with code {await Exited} before it became healthy.");
            }
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(healthUrl, attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                lastAnswer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(attempt.Token)}";
            }
            catch (HttpRequestException e)
            {
                lastAnswer = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastAnswer = "no answer within 2 s";
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw await FailedAsync($"{Name} did not become healthy within {timeout.TotalSeconds:0} s at {healthUrl} (last answer: {lastAnswer}).");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>An exception describing an unexpected exit, with the last output lines.</summary>
    public async Task<ResourceFailedException> FailedAsync(string message)
    {
        // Let the output of a process that just exited arrive first: its last lines usually say why.
        if (process.HasExited)
        {
            await DrainOutputAsync();
        }
        lock (lastLines)
        {
            return new ResourceFailedException(message, lastLines.ToList());
        }
    }

    /// <summary>SIGTERM, up to <paramref name="grace"/> to exit, then the process tree is killed.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            if (!process.HasExited)
            {
                ProcessSignals.RequestStop(process);
                try
                {
                    await process.WaitForExitAsync().WaitAsync(grace);
                }
                catch (TimeoutException)
                {
                    log.Warn($"{Name} (pid {Id}) did not stop within {grace.TotalSeconds:0} s; killing it.");
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the signal.
        }
        await DrainOutputAsync();
    }

    /// <summary>Waits (briefly) until the echo has read everything the exited process wrote.</summary>
    private async Task DrainOutputAsync()
    {
        try
        {
            await output.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // A grandchild still holds the pipe open; what arrived is enough.
        }
    }

    private async Task<int> WaitForExitAsync()
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private async Task EchoAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lastLines)
            {
                lastLines.Enqueue(line);
                if (lastLines.Count > RememberedLines)
                {
                    lastLines.Dequeue();
                }
            }
            log.Line(Name, line);
        }
    }
}
