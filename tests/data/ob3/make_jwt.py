#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Signs a credential as a JWT-VC, the way the JWTs in these files were made.

    python3 tests/data/ob3/make_jwt.py CREDENTIAL.json [--vc-claim] > token.txt

The token is a compact JWS (RFC 7515) `HEADER.PAYLOAD.SIGNATURE`, ES256 with a new
P-256 key each run, whose public key is in the header (`jwk`) so that anyone can
check the signature; civeff never does. The payload is the credential itself
(VC data model 2.0, as Open Badges 3.0 §8.2 signs it), or with --vc-claim the
credential under a `vc` claim (VC data model 1.1 JWTs) with `iss`, `sub` and `nbf`.
Needs the `cryptography` package (Debian: python3-cryptography).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from datetime import datetime

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("credential")
    parser.add_argument("--vc-claim", action="store_true")
    args = parser.parse_args()
    with open(args.credential, encoding="utf-8") as f:
        credential = json.load(f)
    payload = credential
    if args.vc_claim:
        issuer = credential["issuer"]
        start = credential.get("validFrom") or credential["issuanceDate"]
        payload = {
            "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
            "sub": credential["credentialSubject"]["id"],
            "nbf": int(datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp()),
            "vc": credential,
        }
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    header = {
        "alg": "ES256",
        "typ": "JWT",
        "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url(numbers.x.to_bytes(32, "big")),
            "y": b64url(numbers.y.to_bytes(32, "big")),
        },
    }
    signing_input = b64url(compact(header)) + "." + b64url(compact(payload))
    r, s = decode_dss_signature(key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    sys.stdout.write(signing_input + "." + b64url(signature) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
