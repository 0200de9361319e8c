// A real OpenID Connect provider (panva/oidc-provider) for the Python test suite.
//
// Started by tests/fixtures/oidc.py:  OIDC_PORT=<port> OIDC_CLIENTS='[{...}]' node tests/oidc/provider.mjs
// It listens on 127.0.0.1 only, keeps everything in memory, and prints "READY <issuer>" once listening.
// Logins go through the library's own development login and consent forms (devInteractions):
// any password is accepted, but only the accounts below exist.
import Provider, { errors } from 'oidc-provider';

const port = Number.parseInt(process.env.OIDC_PORT ?? '', 10);
if (!port) {
  console.error('OIDC_PORT must be set to a TCP port');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// Static test accounts; the login name typed into the form is the account id and the `sub`.
const ACCOUNTS = {
  amina: { email: 'amina.haddad@example.org', email_verified: true, name: 'Amina Haddad' },
  timur: { email: 'timur.rakhimov@example.org', email_verified: true, name: 'Timur Rakhimov' },
  unverified: { email: 'someone@example.org', email_verified: false, name: 'Unverified Person' },
};

const clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]').map((client) => ({
  // Plain code flow with a confidential client. The default application_type "web" accepts
  // http:// redirect URIs (localhost and 127.0.0.1 included) as long as implicit is not used.
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  ...client,
}));

const provider = new Provider(issuer, {
  clients,
  // Fixed keys: nothing here must survive the process, we only want to silence the warning.
  cookies: { keys: ['workspace-tests-cookie-key'] },
  async findAccount(ctx, sub) {
    const account = ACCOUNTS[sub];
    // The dev login form accepts any name; refuse unknown ones the way a real IdP would,
    // with an error sent back to the client (returning undefined would give a bare 500).
    if (!account) throw new errors.AccessDenied(`unknown test account ${JSON.stringify(sub)}`);
    // Return every claim; oidc-provider filters them by granted scopes/claims itself.
    return { accountId: sub, claims: async () => ({ sub, ...account }) };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  scopes: ['openid', 'email', 'profile'],
  // By default, when an access token is also issued, scope-derived claims are only available
  // from userinfo. The app may read them from the ID token, so put them in both places.
  conformIdTokenClaims: false,
  // PKCE for every client, not just public ones (S256 is the only method offered by default).
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true }, // the provider's own login and consent HTML forms
    rpInitiatedLogout: { enabled: true }, // advertises end_session_endpoint
  },
});

// Static clients are otherwise only validated on first use, and a bad redirect URI would show up
// as an HTML error page mid-test; fail at startup instead, with the reason on stderr.
for (const client of clients) await provider.Client.validate(client);

provider.listen(port, '127.0.0.1', () => {
  console.log(`READY ${issuer}`);
});

// The fixture terminates us with SIGTERM; exit promptly and quietly.
process.on('SIGTERM', () => process.exit(0));
