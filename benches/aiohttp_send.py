#!/usr/bin/env python3
"""Reference sender for the send benchmark: Python aiohttp, N in flight.

Posts COUNT customers to URL/accounts with the same auth headers and body shape as
datanuum-sync, CONCURRENCY requests in flight, and prints one line with wall time,
requests per second and this process's CPU time per request.

Usage: aiohttp_send.py URL [--count 10000] [--concurrency 16]
"""
import argparse
import asyncio
import json
import resource
import secrets
import time

import aiohttp


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def send_all(url, count, concurrency):
    queue = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)
    results = {"ok": 0, "failed": 0}

    async def worker(session):
        while True:
            try:
                n = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            body = {
                "phone": f"9665{n:08d}",
                "email": f"bench{n}@example.com",
                "first": "Bench",
                "last": f"Customer {n}",
                "gender": "F",
                "birthdate": "1990-05-14",
                "nationality": "Saudi Arabia",
            }
            headers = {
                "oauth_token": "bench-token-0000",
                "oauth_nonce": secrets.token_hex(16),
                "oauth_timestamp": str(int(time.time())),
                "branch_code": "R01",
                "Content-Type": "application/json",
                "Accept": "application/json",
            }
            async with session.post(url.rstrip("/") + "/accounts", data=json.dumps(body),
                                    headers=headers) as response:
                await response.read()
                results["ok" if response.status < 400 else "failed"] += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    results = asyncio.run(send_all(args.url, args.count, args.concurrency))
    wall = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    print(f"aiohttp count={args.count} concurrency={args.concurrency} sent={results['ok']} "
          f"failed={results['failed']} wall_s={wall:.3f} req_per_s={results['ok'] / wall:.0f} "
          f"cpu_s={cpu:.3f} cpu_us_per_req={cpu * 1e6 / args.count:.1f}")


if __name__ == "__main__":
    main()
