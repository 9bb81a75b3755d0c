// Verifies tokens with jose from the jwks_uri alone, as an Express back end would (docs/validation.md).
// Reads {"jwks_uri": "...", "checks": [{"token", "audience", "issuer"}]} on stdin; prints one JSON line per check.
import { createRemoteJWKSet, jwtVerify } from 'jose';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { jwks_uri, checks } = JSON.parse(input);
const JWKS = createRemoteJWKSet(new URL(jwks_uri));
for (const c of checks) {
  try {
    const { payload } = await jwtVerify(c.token, JWKS, { issuer: c.issuer, audience: c.audience, algorithms: ['RS256'] });
    console.log(JSON.stringify({ ok: true, sub: payload.sub ?? null, aud: payload.aud }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: e.code ?? String(e) }));
  }
}
