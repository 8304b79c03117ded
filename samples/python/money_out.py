#!/usr/bin/env python3
"""A Binance Pay client written from docs/api-reference.md with the standard library only.

Runs the money-out path against a Citrine server (for example `citrine serve --demo`): fund the sandbox wallet,
wallet balance v2, transfer fund (FUNDING -> SPOT and back), batch payout to a Binance ID, then payout query until the
batch is final. Prints one JSON summary line; exits non-zero on any refusal.

Usage: CITRINE_URL=http://127.0.0.1:8080 CITRINE_API_KEY=... CITRINE_API_SECRET=... \
       python3 money_out.py <receiver binanceId>
"""
import hashlib
import hmac
import json
import os
import secrets
import string
import sys
import time
import urllib.error
import urllib.request

BASE = os.environ.get("CITRINE_URL", "http://127.0.0.1:8080").rstrip("/")
KEY = os.environ["CITRINE_API_KEY"]
SECRET = os.environ["CITRINE_API_SECRET"]


def call(path, body):
    """POST a signed request: HMAC-SHA512 over timestamp\\nnonce\\nbody\\n, upper-case hex."""
    raw = json.dumps(body, separators=(",", ":"))
    timestamp = str(int(time.time() * 1000))
    nonce = "".join(secrets.choice(string.ascii_letters) for _ in range(32))
    payload = f"{timestamp}\n{nonce}\n{raw}\n".encode()
    signature = hmac.new(SECRET.encode(), payload, hashlib.sha512).hexdigest().upper()
    request = urllib.request.Request(BASE + path, data=raw.encode(), method="POST", headers={
        "Content-Type": "application/json",
        "BinancePay-Timestamp": timestamp,
        "BinancePay-Nonce": nonce,
        "BinancePay-Certificate-SN": KEY,
        "BinancePay-Signature": signature,
    })
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            envelope = json.load(answer)
    except urllib.error.HTTPError as error:
        envelope = json.load(error)
    # Both success shapes: 000000, and 000001 (REPEAT_REQ_SUCCESS) for an idempotent replay.
    if envelope.get("code") not in ("000000", "000001"):
        sys.exit(f"{path}: {envelope.get('code')} {envelope.get('errorMessage')}")
    return envelope


def main():
    receiver = sys.argv[1]
    run = secrets.token_hex(6)
    call("/sandbox/wallet/fund", {"wallet": "FUNDING_WALLET", "currency": "USDT", "amount": "100"})
    balance = call("/binancepay/openapi/v2/balance", {"wallet": "FUNDING_WALLET", "currency": "USDT"})["data"]
    moved = call("/binancepay/openapi/wallet/transfer",
                 {"requestId": f"py{run}t", "currency": "USDT", "amount": "10", "transferType": "TO_MAIN"})["data"]
    back = call("/binancepay/openapi/wallet/transfer",
                {"requestId": f"py{run}b", "currency": "USDT", "amount": "10", "transferType": "TO_PAY"})
    replay = call("/binancepay/openapi/wallet/transfer",
                  {"requestId": f"py{run}b", "currency": "USDT", "amount": "10", "transferType": "TO_PAY"})
    batch = {
        "requestId": f"py{run}p", "batchName": "python sample", "currency": "USDT", "totalAmount": 3.5,
        "totalNumber": 2, "bizScene": "SETTLEMENT",
        "transferDetailList": [
            {"merchantSendId": "1", "receiveType": "BINANCE_ID", "receiver": receiver, "transferAmount": 2.5,
             "transferMethod": "FUNDING_WALLET", "remark": "paid"},
            {"merchantSendId": "2", "receiveType": "PAY_ID", "receiver": "1", "transferAmount": 1,
             "transferMethod": "FUNDING_WALLET", "remark": "nobody"},
        ],
    }
    accepted = call("/binancepay/openapi/payout/transfer", batch)["data"]
    deadline = time.time() + 60
    while True:
        query = call("/binancepay/openapi/payout/query", {"requestId": batch["requestId"]})["data"]
        if query["batchStatus"] not in ("ACCEPTED", "PROCESSING") or time.time() > deadline:
            break
        time.sleep(0.2)
    print(json.dumps({
        "balance": balance["balance"][0]["available"],
        "transfer": moved["status"],
        "transferBack": back["status"],
        "replay": replay["status"],
        "payout": accepted["status"],
        "batchStatus": query["batchStatus"],
        "lines": {line["merchantSendId"]: line["status"] for line in query["transferDetailList"]},
    }))


if __name__ == "__main__":
    main()
