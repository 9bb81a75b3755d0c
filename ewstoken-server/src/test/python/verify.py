"""Verifies tokens with PyJWT's PyJWKClient from the jwks_uri alone, as a FastAPI back end would (docs/validation.md).

Reads {"jwks_uri": "...", "checks": [{"token", "audience", "issuer"}]} on stdin; prints one JSON line per check.
"""
import json
import sys

import jwt

request = json.load(sys.stdin)
jwks = jwt.PyJWKClient(request["jwks_uri"])
for check in request["checks"]:
    try:
        key = jwks.get_signing_key_from_jwt(check["token"])
        claims = jwt.decode(check["token"], key.key, algorithms=["RS256"], audience=check["audience"],
                            issuer=check["issuer"])
        print(json.dumps({"ok": True, "sub": claims.get("sub"), "aud": claims["aud"]}))
    except Exception as e:  # report every refusal as a result line: the test decides
        print(json.dumps({"ok": False, "error": type(e).__name__}))
