#!/usr/bin/env python3
"""An independent implementation of BlockATM V1 signing, written from the rule in
crates/gateway/src/blockatm/signing.rs and not from its code, to check the Rust side
(tests/blockatm_vectors.rs runs it).

Reads JSON on stdin:
  {"private_key_pem", "public_key_pem",
   "cases": [{"name", "body", "time", "rust_signature"}],
   "forged": [{"body", "time", "signature"}]}
Writes JSON on stdout:
  {"cases": [{"name", "signing_string", "rust_signature_valid", "rust_signature_strict_der",
              "python_signature", "python_signature_high_s"}],
   "forged_accepted": [bool, ...]}
Exits 3 when the cryptography package is missing (Debian: apt-get install -y python3-cryptography).
"""

import base64
import json
import re
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
except ImportError as error:  # the Rust test turns this into advice
    print(f"python3-cryptography is missing ({error}): apt-get install -y python3-cryptography", file=sys.stderr)
    sys.exit(3)

# The order of the P-256 group: s and n - s are both valid, and the verifier must take either.
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
WHITESPACE = re.compile(r"[ \t\n\r]*")


def skip_ws(text, i):
    return WHITESPACE.match(text, i).end()


def top_level_fields(text):
    """[(key, parsed value, raw JSON text of the value)] of a JSON object, in body order."""
    decoder = json.JSONDecoder()
    i = skip_ws(text, 0)
    if text[i : i + 1] != "{":
        raise ValueError("the body must be a JSON object")
    i = skip_ws(text, i + 1)
    fields = []
    if text[i : i + 1] == "}":
        i += 1
    else:
        while True:
            if text[i : i + 1] != '"':
                raise ValueError("a key must be a string")
            key, i = decoder.raw_decode(text, i)
            i = skip_ws(text, i)
            if text[i : i + 1] != ":":
                raise ValueError("':' expected")
            i = skip_ws(text, i + 1)
            start = i
            value, i = decoder.raw_decode(text, i)
            fields.append((key, value, text[start:i]))
            i = skip_ws(text, i)
            if text[i : i + 1] == ",":
                i = skip_ws(text, i + 1)
                continue
            if text[i : i + 1] == "}":
                i += 1
                break
            raise ValueError("',' or '}' expected")
    if skip_ws(text, i) != len(text):
        raise ValueError("trailing characters")
    return fields


def signing_string(body, time):
    fields = top_level_fields(body)
    keys = [key for key, _, _ in fields]
    if len(set(keys)) != len(keys):
        raise ValueError("a key appears twice")
    pairs = []
    for key, value, raw in sorted(fields, key=lambda field: field[0].encode("utf-8")):
        if "&" in key or "=" in key or key == "time":
            raise ValueError(f"ambiguous key {key!r}")
        if value is None:
            continue
        rendered = value if isinstance(value, str) else raw
        if "&" in rendered:
            raise ValueError(f"ambiguous value of {key!r}")
        pairs.append(f"{key}={rendered}")
    pairs.append(f"time={time}")
    return "&".join(pairs)


def verifies(public_key, message, signature):
    try:
        der = base64.b64decode(signature, validate=True)
        public_key.verify(der, message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError):
        return False


def strict_der(signature):
    der = base64.b64decode(signature, validate=True)
    r, s = decode_dss_signature(der)
    return encode_dss_signature(r, s) == der


def with_high_s(signature):
    """The same signature with s replaced by n - s if s is low: the other valid encoding."""
    r, s = decode_dss_signature(base64.b64decode(signature))
    high = s if s > P256_ORDER // 2 else P256_ORDER - s
    return base64.b64encode(encode_dss_signature(r, high)).decode("ascii")


def main():
    request = json.load(sys.stdin)
    private_key = serialization.load_pem_private_key(request["private_key_pem"].encode(), password=None)
    public_key = serialization.load_pem_public_key(request["public_key_pem"].encode())
    cases = []
    for case in request["cases"]:
        message = signing_string(case["body"], case["time"])
        der = private_key.sign(message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        python_signature = base64.b64encode(der).decode("ascii")
        cases.append(
            {
                "name": case["name"],
                "signing_string": message,
                "rust_signature_valid": verifies(public_key, message, case["rust_signature"]),
                "rust_signature_strict_der": strict_der(case["rust_signature"]),
                "python_signature": python_signature,
                "python_signature_high_s": with_high_s(python_signature),
            }
        )
    forged = [verifies(public_key, signing_string(f["body"], f["time"]), f["signature"]) for f in request["forged"]]
    json.dump({"cases": cases, "forged_accepted": forged}, sys.stdout)


if __name__ == "__main__":
    main()
