using System.Text.Encodings.Web;

namespace McpGateway.Auth.OAuth.Pages;

/// <summary>The frame every sign-in page shares: one column, readable without CSS, labelled landmarks, no JavaScript.</summary>
internal static class PageLayout
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Render(string title, string body) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{Encode(title)}} · MCP Gateway</title>
        <style>
        body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1b1f24; margin: 0; }
        main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 3px #0003; }
        h1 { font-size: 1.5rem; margin-top: 0; }
        label { display: block; font-weight: 600; margin-top: 1rem; }
        input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; margin-top: .3rem; font-size: 1rem; border: 1px solid #6b7280; border-radius: .3rem; }
        input:focus, button:focus { outline: 3px solid #2563eb; outline-offset: 2px; }
        button { margin-top: 1.5rem; margin-right: .5rem; padding: .6rem 1.2rem; font-size: 1rem; border-radius: .3rem; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: #1d4ed8; }
        .error { background: #fdecea; color: #7f1d1d; border-left: 4px solid #b91c1c; padding: .6rem; }
        .note { color: #4b5563; font-size: .9rem; }
        code { overflow-wrap: anywhere; }
        </style>
        </head>
        <body>
        <main>
        {{body}}
        </main>
        </body>
        </html>
        """;
}
