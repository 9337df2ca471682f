// A third-party OpenID Connect provider for the SSO end-to-end tests: panva's oidc-provider (a certified OP) with its
// development login and consent pages, on a loopback port. The accounts are whatever the test says they are: it sets
// each one's claims (email, email_verified, name, groups) over a small control API, so a test can take a group away
// at the "IdP" between two sign-ins.
//
// Usage: IDP_CLIENTS='[{"client_id":...,"client_secret":...,"redirect_uris":[...]}]' node identity-provider.mjs
// Prints one line `idp ready: http://127.0.0.1:PORT` once it listens (PORT from IDP_PORT, default any free one).
//   PUT  /test/accounts/{login}  {claims}   sets who {login} is (the login form accepts any password for a known login)
//   POST /test/clients           {client}   adds a client (the gateway's callback is known only once it runs)
import http from 'node:http';
import Provider from 'oidc-provider';

const accounts = new Map();
const clients = JSON.parse(process.env.IDP_CLIENTS ?? '[]');

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.env.IDP_PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

let provider = create();

function create() {
  const op = new Provider(issuer, {
    clients,
    async findAccount(ctx, id) {
      const claims = accounts.get(id);
      return claims && { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    // Development keys are fine for a test; cookie keys only sign this process's cookies.
    cookies: { keys: ['sso-e2e-cookie-key'] },
  });
  return op;
}

server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname.startsWith('/test/')) {
    const body = await readJson(req);
    if (req.method === 'PUT' && url.pathname.startsWith('/test/accounts/')) {
      accounts.set(decodeURIComponent(url.pathname.slice('/test/accounts/'.length)), body);
    } else if (req.method === 'POST' && url.pathname === '/test/clients') {
      clients.push(body);
      // Static clients are read when the provider is built: build it again (sessions of earlier clients end, which
      // the tests do not rely on).
      provider = create();
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(204).end();
    return;
  }
  provider.callback()(req, res);
});

console.log(`idp ready: ${issuer}`);

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}
