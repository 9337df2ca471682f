// A relying party built on openid-client (a certified OpenID Connect RP library) that exercises the gateway's
// provider end to end: discovery, dynamic registration of a public client, the authorization code flow with PKCE
// (signing in on the provider's own login form, as a browser would), code exchange, refresh with rotation, userinfo,
// revocation. It prints one JSON object describing what happened; the C# test asserts on it.
//
// Usage: OIDC_ISSUER=http://localhost:4444 OIDC_EMAIL=... OIDC_PASSWORD=... node relying-party.mjs
import * as oidc from 'openid-client';

const issuer = new URL(required('OIDC_ISSUER'));
const email = required('OIDC_EMAIL');
const password = required('OIDC_PASSWORD');
// A loopback redirect URI nobody listens on: the code is read from the redirect's Location header instead.
const redirectUri = 'http://127.0.0.1:53682/callback';
const scope = 'openid profile email offline_access';
const insecure = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {};

const result = {};

// Discovery and dynamic client registration (RFC 8414, RFC 7591). openid-client checks that the metadata's issuer is
// exactly the issuer it was asked for.
const config = await oidc.dynamicClientRegistration(issuer, {
  client_name: 'openid-client end-to-end',
  redirect_uris: [redirectUri],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
}, oidc.None(), insecure);
// Check the id_token's signature against the JWKS too, not only its claims.
oidc.enableNonRepudiationChecks(config);
const server = config.serverMetadata();
result.discovery = {
  issuer: server.issuer,
  authorization_endpoint: server.authorization_endpoint,
  token_endpoint: server.token_endpoint,
  code_challenge_methods_supported: server.code_challenge_methods_supported,
};
result.client_id = config.clientMetadata().client_id;

// The authorization request, with PKCE S256, state and nonce.
const codeVerifier = oidc.randomPKCECodeVerifier();
const state = oidc.randomState();
const nonce = oidc.randomNonce();
const authorizationUrl = oidc.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope,
  code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});

// The browser's part: the login page, then its form posted with the user's credentials and the page's cookies.
const cookies = new Map();
const loginPage = await browse(authorizationUrl);
const html = await loginPage.text();
result.login_page_status = loginPage.status;
const action = new URL(decode(match(html, /<form method="post" action="([^"]+)">/)), authorizationUrl);
const form = new URLSearchParams();
for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
  form.set(name, decode(value));
}
result.login_form_has_csrf_token = form.has('csrf_token');
form.set('email', email);
form.set('password', password);
const afterLogin = await browse(action, { method: 'POST', body: form });
result.login_post_status = afterLogin.status;
const callback = new URL(afterLogin.headers.get('location'));
result.callback = { origin_and_path: `${callback.origin}${callback.pathname}`, has_code: callback.searchParams.has('code'), iss: callback.searchParams.get('iss') };

// The code exchange: openid-client checks state, iss (RFC 9207), the id_token (signature, iss, aud, nonce, exp).
const tokens = await oidc.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: codeVerifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
const claims = tokens.claims();
result.tokens = {
  token_type: tokens.token_type,
  scope: tokens.scope,
  expires_in: tokens.expires_in,
  has_refresh_token: typeof tokens.refresh_token === 'string',
  id_token: { sub: claims.sub, email: claims.email, aud: claims.aud, nonce_matches: claims.nonce === nonce, has_auth_time: typeof claims.auth_time === 'number' },
};

// Refresh: a new access token and a rotated refresh token.
const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
result.refresh = {
  new_access_token: refreshed.access_token !== tokens.access_token,
  rotated: typeof refreshed.refresh_token === 'string' && refreshed.refresh_token !== tokens.refresh_token,
};
result.reused_refresh_token_error = await oauthError(() => oidc.refreshTokenGrant(config, tokens.refresh_token));

// The reuse above revoked the whole family; start a fresh grant for userinfo and revocation.
const second = await signInAgain();
result.userinfo = await oidc.fetchUserInfo(config, second.access_token, claims.sub);

// Revocation (RFC 7009): the refresh token (its family), then the access token.
await oidc.tokenRevocation(config, second.refresh_token);
result.revoked_refresh_token_error = await oauthError(() => oidc.refreshTokenGrant(config, second.refresh_token));
await oidc.tokenRevocation(config, second.access_token);
result.userinfo_after_access_token_revocation = await oauthError(() => oidc.fetchUserInfo(config, second.access_token, claims.sub));

console.log(JSON.stringify(result));

/** A second authorization: the session cookie now exists, so the provider asks this dynamic client's user to allow it. */
async function signInAgain() {
  const verifier = oidc.randomPKCECodeVerifier();
  const again = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state,
  });
  const consentPage = await browse(again);
  const page = await consentPage.text();
  const consent = new URLSearchParams();
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    consent.set(name, decode(value));
  }
  consent.set('decision', 'allow');
  const allowed = await browse(new URL(decode(match(page, /<form method="post" action="([^"]+)">/)), again), { method: 'POST', body: consent });
  result.consent = { page_status: consentPage.status, post_status: allowed.status };
  return oidc.authorizationCodeGrant(config, new URL(allowed.headers.get('location')), { pkceCodeVerifier: verifier, expectedState: state });
}

/** fetch, keeping cookies like a browser and never following redirects (the redirect target is not listening). */
async function browse(url, init = {}) {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers ?? {}), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
  }
  return response;
}

/** The OAuth error code a call fails with (`invalid_grant`, `invalid_token`), or a description of what else happened. */
async function oauthError(call) {
  try {
    await call();
    return 'no error';
  } catch (e) {
    // An OAuth error body (`error`), or an RFC 6750 challenge (WWW-Authenticate: Bearer error="...").
    const challenged = Array.isArray(e.cause) ? e.cause.find((c) => c.parameters?.error)?.parameters.error : undefined;
    return e.error ?? challenged ?? (e.response ? `HTTP ${e.response.status}` : `${e.code ?? e.name}: ${e.message}`);
  }
}

function match(text, pattern) {
  const found = text.match(pattern);
  if (!found) {
    throw new Error(`expected ${pattern} in:\n${text}`);
  }
  return found[1];
}

function decode(html) {
  return html.replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replaceAll('&amp;', '&');
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}
