"""1,000 digest subscriptions delivered against Slack's rate limits (a fake that enforces them).

    python bench/digest_delivery.py --subscriptions 1000 --cap 500 --random-429 0.02

The fake Web API allows one chat.postMessage a second per channel and `--cap` a minute across the
workspace, and answers a random share of posts with 429 (Retry-After 1). One clock pass delivers
everything due. Prints: duplicates and missing channels (both must be 0), the time from first to
last post beside the minimum the limits allow, and the whole pass's time. Target (issue 5): every
channel exactly one digest, total time within 10% of what the limits allow.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import populate  # noqa: E402
from bot.clock import Clock  # noqa: E402
from digests.schedule import Schedule  # noqa: E402
from digests.subscriptions import subscribe  # noqa: E402
from handlers.slack_poster import SlackPoster, plain_client  # noqa: E402
from store.db import create_store_engine, make_session_factory, transaction, upgrade  # noqa: E402
from tests.fakes.slack_web_api import FakeSlackWebAPI  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument("--cap", type=int, default=500, help="workspace-wide posts per minute the fake allows (and the clock is told)")
    parser.add_argument("--random-429", type=float, default=0.02)
    parser.add_argument("--actions", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_store_engine(f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        plans = 50
        data = populate(engine, workspace="TBENCH", actions=args.actions, plans=plans, owners=500)
        sessions = make_session_factory(engine)
        due = datetime(2026, 3, 16, 9, tzinfo=UTC)
        with transaction(sessions) as session:
            for n in range(args.subscriptions):
                subscribe(session, "TBENCH", f"C{n:06d}", query=f"plan:P{n % plans + 1}", schedule=Schedule(),
                          quiet_weeks="line", created_by="U0BENCH", now=due - timedelta(days=7))
        print(f"store: {data.actions:,} actions in {plans} plans; {args.subscriptions:,} subscriptions, one channel each", flush=True)
        with FakeSlackWebAPI(team_id="TBENCH") as slack:
            slack.enforce_rate_limits(per_channel_per_second=1.0, workspace_per_minute=args.cap, random_429_rate=args.random_429, seed=11)
            client = plain_client(slack.base_url, "xoxb-bench")
            clock = Clock(sessions, SlackPoster(lambda _ws: client), ZoneInfo("Europe/London"), per_minute=args.cap)
            started = time.monotonic()
            digests, _ = clock.tick(due + timedelta(minutes=1))
            total = time.monotonic() - started
            report = slack.delivery_report()
            counts = slack.delivered_counts()
            allowed = slack.min_time_allowed({f"C{n:06d}": 1 for n in range(args.subscriptions)})
            span = report["span_seconds"]
            times = sorted(d.at for d in slack.deliveries)
            half = min(args.cap, len(times)) - 1
            print(f"posts 1..{half + 1} landed within {times[half] - times[0]:.1f} s of the first; the last {len(times) - half - 1} between {times[half + 1] - times[0]:.1f} s and {times[-1] - times[0]:.1f} s", flush=True)
            missing = [f"C{n:06d}" for n in range(args.subscriptions) if counts.get(f"C{n:06d}", 0) == 0]
            duplicates = {c: n for c, n in counts.items() if n > 1}
            refused = report["refused_by_reason"]
        print(f"\nclock pass: {digests.claimed} claimed, {digests.sent} sent, {digests.left_for_retry} left for retry, {len(digests.paused)} paused")
        print(f"channels with exactly one digest: {sum(1 for n in counts.values() if n == 1):,} of {args.subscriptions:,}; missing {len(missing)}; duplicates {len(duplicates)}")
        print(f"429s answered by the fake: {refused}")
        print(f"first to last post: {span:.1f} s; minimum the limits allow: {allowed:.1f} s; ratio {span / allowed if allowed else float('nan'):.3f}")
        print(f"whole pass (claiming, building {args.subscriptions} digests, posting): {total:.1f} s; ratio to the minimum {total / allowed if allowed else float('nan'):.3f}")


if __name__ == "__main__":
    main()
