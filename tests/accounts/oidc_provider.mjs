// A real OpenID Connect provider (npm `oidc-provider`) for the single sign-on browser test:
// one confidential client, RS256 keys made at start, and the development login form, at
// which any login signs in. The login typed is the account's e-mail address, verified.
//
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI (the service's
// /oidc/callback/), POST_LOGOUT_REDIRECT_URI (where signing out of the provider returns).
import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const { PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI } = process.env;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'test' };

const provider = new Provider(`http://127.0.0.1:${PORT}`, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  jwks: { keys: [signingKey] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: (ctx, login) => ({
    accountId: login,
    claims: () => ({ sub: login, email: login, email_verified: true, name: login }),
  }),
  features: { devInteractions: { enabled: true } },
});

provider.listen(Number(PORT), '127.0.0.1');
