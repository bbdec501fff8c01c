"""The PayStableCoin API Checkout guide's own Python client, run against the simulator.

The functions below are copied verbatim from the guide (shared/seeds/000_f9a602c5fd1356ef.txt).
Only the three settings come from the command line instead of being edited into the file:

    guide_client.py BASE_URL MERCHANT_ID API_SECRET [CLOCK_OFFSET_MS]

CLOCK_OFFSET_MS (default 0) shifts this script's clock by the same amount the test shifted the
simulator's, so the guide's fixed expiresAt ("2026-12-31T23:59:59Z") can stay in the future after
that date has passed; both sides still agree on the time, so signing and the timestamp window are
exercised as usual. Prints one JSON object with the three answers; exits 1 if any code is not 00000.
"""

import base64
import hashlib
import hmac
import json
import sys
import time
import requests

BASE_URL = sys.argv[1]
MERCHANT_ID = sys.argv[2]
API_SECRET = sys.argv[3]
CLOCK_OFFSET_MS = int(sys.argv[4]) if len(sys.argv) > 4 else 0

if CLOCK_OFFSET_MS:
    _system_time = time.time
    time.time = lambda: _system_time() + CLOCK_OFFSET_MS / 1000.0


# ---- verbatim from the guide: Signature Helper ----

def _hmac_base64(data: str) -> str:
    sig = hmac.new(API_SECRET.encode(), data.encode(), hashlib.sha256).digest()
    return base64.b64encode(sig).decode()

def sign_post(timestamp: str, path: str, body: str) -> str:
    """Sign a POST request."""
    body_hash = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    return _hmac_base64(f"{timestamp}\nPOST\n{path}\n{body_hash}")

def sign_get(timestamp: str, path: str) -> str:
    """Sign a GET request with no query string."""
    return _hmac_base64(f"{timestamp}\nGET\n{path}")

def verify_webhook(timestamp: str, signature: str, raw_body: str) -> bool:
    """Verify the signature of an incoming webhook."""
    expected = _hmac_base64(f"{timestamp}\n{raw_body}")
    return expected == signature


# ---- verbatim from the guide: Step 1: Fetch Available Payment Methods ----

def get_payment_methods() -> dict:
    timestamp = str(int(time.time() * 1000))
    path = f"/api/v1/merchants/{MERCHANT_ID}/checkout/payment-methods"
    headers = {
        "X-Timestamp": timestamp,
        "X-Signature": sign_get(timestamp, path)
    }
    response = requests.get(BASE_URL + path, headers=headers)
    return response.json()


# ---- verbatim from the guide: Step 2: Create a Checkout Order ----

def create_checkout_order(network: str, currency: str, amount: str) -> dict:
    timestamp = str(int(time.time() * 1000))
    path = f"/api/v1/merchants/{MERCHANT_ID}/checkout/orders"
    # orderAmount.currency must be a stablecoin (USDC, USDT, or USD1)
    # network must match the customer's selected payment method
    body = json.dumps({
        "merchantOrderId": f"ORDER_{timestamp}",
        "orderAmount": {"value": amount, "currency": currency},
        "paymentMethodType": "ON_CHAIN_TRANSFER",
        "network": network,
        "expiresAt": "2026-12-31T23:59:59Z",
        "callbackUrl": "https://yoursite.com/webhook/checkout"
    }, separators=(",", ":"))
    headers = {
        "X-Timestamp": timestamp,
        "X-Signature": sign_post(timestamp, path, body),
        "Content-Type": "application/json"
    }
    response = requests.post(BASE_URL + path, data=body, headers=headers)
    return response.json()


# ---- verbatim from the guide: Step 3: Query Checkout Order Status ----

def query_checkout_order(merchant_order_id: str) -> dict:
    timestamp = str(int(time.time() * 1000))
    path = f"/api/v1/merchants/{MERCHANT_ID}/checkout/orders/{merchant_order_id}"
    headers = {
        "X-Timestamp": timestamp,
        "X-Signature": sign_get(timestamp, path)
    }
    response = requests.get(BASE_URL + path, headers=headers)
    return response.json()


# ---- the test harness: the guide's own example calls, in order ----

if __name__ == "__main__":
    methods = get_payment_methods()
    # The guide's example: 100.50 USDC on tron.
    result = create_checkout_order(network="tron", currency="USDC", amount="100.50")
    merchant_order_id = result.get("data", {}).get("merchantOrderId", "ORDER_missing")
    status = query_checkout_order(merchant_order_id)
    print(json.dumps({"methods": methods, "create": result, "query": status}))
    codes = [methods.get("code"), result.get("code"), status.get("code")]
    sys.exit(0 if all(code == "00000" for code in codes) else 1)
