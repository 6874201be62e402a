"""A large synthetic store for benchmarks: invented plans, owners and actions, bulk-inserted."""

from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass
from typing import Any
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine, insert, text

from store import action_counts
from store.models import Action, ActionOwner, Owner, OwnerAlias, Plan, Recommendation, Update, Workspace
from store.owners import name_key
from store.status import Status

FIRST = (
    "Aisha Alan Amara Ben Bethany Carl Chloe Dev Dina Eamon Edith Farah Felix Gemma Gideon Hana Harvey Imran Iris "
    "Jade Jonah Kasia Kieran Lena Liam Maya Marcus Nadia Niall Olu Orla Pavel Petra Quinn Rosa Rhys Sana Seth "
    "Tamsin Theo Uma Ursula Vik Vera Wes Wren Xavi Yara Yusuf Zara Zeb Alma Bruno Cora Dale Elin Fergus Gail Hugo "
    "Ines Joel Kemi Luca Mina Noor Owen Pia Ravi Sian Tariq Una Vince Willa Yan Zofia Abe Bea Cy Dot Eli Flo Gus "
    "Hal Ivy Jon Kit Lou Mo Ned Oz Pam Rex Sue Tim Val Win"
).split()
LAST = (
    "Abbott Achebe Bailey Banerjee Carver Chowdhury Dalton Delaney Ekwueme Ellison Fairweather Fenwick Garside "
    "Gallagher Hartley Hussain Ingram Iqbal Jennings Joshi Kaur Kowalczyk Lindqvist Lowther Mahoney Mensah "
    "Nakamura Norbury Oakley Okonkwo Pemberton Perera Quayle Radcliffe Rahman Sandhu Sheridan Thackeray "
    "Tremayne Underwood Varga Vaughan Whitlock Wojcik Yardley Yilmaz Zielinski Ashdown Brennan Caldwell "
    "Dunmore Eastwood Fitzroy Greaves Holloway Ibbotson Jarvis Kimber Langford Merriman"
).split()
TEAMS = ("Housing Options", "Adult Social Care", "Public Health", "Highways", "Libraries", "Digital Services",
         "Children's Services", "Finance", "Human Resources", "Planning Policy")
WORDS = (
    "review waiting list assessment referral housing adaptation equipment transport library budget training "
    "consultation carers safeguarding reablement hospital discharge recycling complaints letter directory "
    "volunteers contract tender procurement performance indicator dashboard survey residents tenants repairs "
    "homelessness school admissions parking enforcement licensing grants funding pilot evaluation strategy "
    "partnership voluntary sector outreach digital website telephone triage backlog audit inspection"
).split()


class Lexicon:
    """Domain words scattered among invented ones, drawn with Zipf's law as real prose is: a few
    words are everywhere, most are rare, and "waiting list" is not in every other action."""

    def __init__(self, rnd: random.Random, size: int = 8000) -> None:
        syllables = "ba be bi bo ca co da de di do fa fe ga go ha he ka ke la le li lo ma me mi mo na ne ni no pa pe ra re ri ro sa se si so ta te ti to va ve".split()
        invented = sorted({"".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4))) for _ in range(size)})
        rnd.shuffle(invented)
        self.words = invented[:size]
        for word in WORDS:
            self.words.insert(rnd.randrange(20, min(2000, len(self.words))), word)
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(self.words) + 1)))
        self.rnd = rnd

    def sentence(self, n: int) -> str:
        return " ".join(self.rnd.choices(self.words, cum_weights=self.cumulative, k=n))


def owner_names(rnd: random.Random, count: int, *, taken: set[str] | None = None) -> list[str]:
    """`count` distinct people's names. First and last names alone give about 6,200; after that
    come double-barrelled surnames (about 380,000 more) and then middle initials, as a large
    council's directory has them, so any size of workspace gets its own owners."""
    taken = taken if taken is not None else set()
    initials = "ABCDEFGHJKLMNPRSTW"
    shapes = (
        lambda: f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
        lambda: f"{rnd.choice(FIRST)} {rnd.choice(LAST)}-{rnd.choice(LAST)}",
        lambda: f"{rnd.choice(FIRST)} {rnd.choice(initials)}. {rnd.choice(LAST)}-{rnd.choice(LAST)}",
    )
    names: list[str] = []
    shape, misses = 0, 0
    while len(names) < count:
        name = shapes[shape]()
        if name in taken:
            misses += 1
            # A run of repeats means this shape is nearly used up: move to the next, larger one.
            if misses > 200 and shape < len(shapes) - 1:
                shape, misses = shape + 1, 0
            continue
        misses = 0
        taken.add(name)
        names.append(name)
    return names


@dataclass
class Synthetic:
    workspace: str
    actions: int
    plans: int
    owners: list[str]
    handles: list[str]
    today: date
    now: datetime
    seconds: float


def populate(engine: Engine, *, workspace: str, actions: int, plans: int, owners: int, seed: int = 7, today: date | None = None, settle: bool = True) -> Synthetic:
    started = time.perf_counter()
    rnd = random.Random(seed)
    today = today or date.today()
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
    names: list[str] = []
    seen: set[str] = set()
    for team in TEAMS:
        names.append(team)
        seen.add(team)
    names.extend(owner_names(rnd, owners - len(names), taken=seen))
    per_plan = max(1, actions // plans)
    lexicon = Lexicon(rnd)
    # Ids continue from what is there, so several workspaces can share one database.
    with engine.connect() as conn:
        base = {name: conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {name}")).scalar() or 0
                for name in ("owners", "plans", "recommendations", "actions")}
    with engine.begin() as conn:
        conn.execute(insert(Workspace).values(team_id=workspace, name="Benchmark council", owners_version=1, created_at=now))
        conn.execute(insert(Owner), [
            {"id": base["owners"] + i + 1, "workspace_id": workspace, "name": n, "name_key": name_key(n), "is_team": n in TEAMS, "created_at": now}
            for i, n in enumerate(names)
        ])
        conn.execute(insert(OwnerAlias), [
            {"workspace_id": workspace, "owner_id": base["owners"] + i + 1, "alias": n + "e", "alias_key": name_key(n + "e")}
            for i, n in enumerate(names[: owners // 10])
        ])
        conn.execute(insert(Plan), [
            {"id": base["plans"] + p + 1, "workspace_id": workspace, "code": f"P{p + 1}", "title": f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS)} review {p + 1}",
             "council": None, "source_file": f"plan-{p + 1}.txt", "imported_at": now}
            for p in range(plans)
        ])
        recs: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        handles: list[str] = []
        action_id = 0
        for p in range(plans):
            for r in range(per_plan):
                rec_id = base["recommendations"] + p * per_plan + r + 1
                words = lexicon.sentence(14)
                recs.append({"id": rec_id, "workspace_id": workspace, "plan_id": base["plans"] + p + 1, "ref": f"{r // 5 + 1}.{r % 5 + 1}",
                             "position": r, "text": f"The council should {words}."})
                action_id += 1
                due = today + timedelta(days=rnd.randint(-500, 500)) if rnd.random() < 0.9 else None
                status = rnd.choices(list(Status), weights=[30, 30, 8, 4, 3, 3, 18, 4])[0]
                activity = now - timedelta(days=rnd.randint(0, 120), hours=rnd.randint(0, 23))
                handle = f"P{p + 1}-{r // 5 + 1}.{r % 5 + 1}"
                handles.append(handle)
                action_words = lexicon.sentence(10)
                rows.append({
                    "id": base["actions"] + action_id, "workspace_id": workspace, "plan_id": base["plans"] + p + 1, "recommendation_id": rec_id,
                    "handle": handle, "handle_key": handle.lower(), "source_key": f"{r}/1", "position": 0,
                    "text": f"We will {action_words}.", "timescale_raw": due.strftime("%B %Y") if due else "Ongoing",
                    "due_date": due, "original_due_date": due, "slip_count": rnd.choice([0, 0, 0, 1, 2]),
                    "ongoing": due is None, "recurring": False, "status": status.value,
                    "search_text": f"The council should {words}.\nWe will {action_words}.",
                    "created_at": now - timedelta(days=200), "last_activity_at": activity,
                })
                for position, owner in enumerate(rnd.sample(range(1, owners + 1), rnd.choice([1, 1, 1, 2]))):
                    links.append({"action_id": base["actions"] + action_id, "owner_id": base["owners"] + owner, "workspace_id": workspace, "position": position})
                if rnd.random() < 0.3:
                    updates.append({"workspace_id": workspace, "recommendation_id": rec_id, "action_id": base["actions"] + action_id,
                                    "author_name": names[links[-1]["owner_id"] - base["owners"] - 1], "created_at": activity,
                                    "note": "Progress made.", "source": "slack"})
            if len(rows) >= 20_000:
                flush(conn, recs, rows, links, updates)
        flush(conn, recs, rows, links, updates)
        if engine.dialect.name == "postgresql":
            for table in ("owners", "plans", "recommendations", "actions"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    if settle:
        settle_database(engine)
    return Synthetic(workspace, action_id, plans, names, handles, today, now, time.perf_counter() - started)


def flush(conn: Connection, recs: list[dict[str, Any]], rows: list[dict[str, Any]], links: list[dict[str, Any]], updates: list[dict[str, Any]]) -> None:
    """Insert what has been generated so far, parents first, and forget it: a million actions
    never sit in memory at once."""
    for table, batch in ((Recommendation, recs), (Action, rows), (ActionOwner, links), (Update, updates)):
        for i in range(0, len(batch), 5000):
            conn.execute(insert(table), batch[i : i + 5000])
        batch.clear()


def settle_database(engine: Engine) -> None:
    """A settled database: statistics gathered and (PostgreSQL) the visibility map built, as
    autovacuum leaves it, so index-only scans are possible."""
    if engine.dialect.name == "postgresql":
        # The load's count deltas folded now, as the clock would within a tick: one update per
        # (status, due date) key, so action_counts is not left with a dead version per action.
        with engine.begin() as conn:
            action_counts.fold(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
