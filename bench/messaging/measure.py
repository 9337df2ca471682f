"""Reads the bench's SQLite databases: latency percentiles, outbox backlog, counts (bench/messaging.sh)."""
import sqlite3
import sys


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def latency(consumer_db, skip):
    """commit -> committed effect, in ms, for every applied event after the first `skip` (warm-up)."""
    c = sqlite3.connect(consumer_db)
    rows = [r[0] for r in c.execute(
        "SELECT (julianday(applied_at) - julianday(occurred_at)) * 86400000.0 FROM effects ORDER BY id")]
    rows = rows[skip:]
    print(len(rows), percentile(rows, 50), percentile(rows, 90), percentile(rows, 99), max(rows) if rows else float("nan"))


def stages(consumer_db, producer_db, skip):
    """The same events split at the relay's mark: commit -> marked dispatched (relay), dispatched -> effect (transport
    and consumer); p50/p99 of each, in ms."""
    c = sqlite3.connect(consumer_db)
    c.execute("ATTACH DATABASE ? AS producer", (producer_db,))
    rows = c.execute(
        "SELECT (julianday(o.dispatched_at) - julianday(e.occurred_at)) * 86400000.0,"
        " (julianday(e.applied_at) - julianday(o.dispatched_at)) * 86400000.0"
        " FROM effects e JOIN producer.outbox_messages o ON o.message_id = e.message_id ORDER BY e.id").fetchall()[skip:]
    relay, delivery = [r[0] for r in rows], [r[1] for r in rows]
    print(percentile(relay, 50), percentile(relay, 99), percentile(delivery, 50), percentile(delivery, 99))


def scalar(db, sql):
    print(sqlite3.connect(db).execute(sql).fetchone()[0])


def execute(db, sql):
    c = sqlite3.connect(db, timeout=30)
    c.execute(sql)
    c.commit()


if __name__ == "__main__":
    command, db = sys.argv[1], sys.argv[2]
    if command == "latency":
        latency(db, int(sys.argv[3]))
    elif command == "stages":
        stages(db, sys.argv[3], int(sys.argv[4]))
    elif command == "scalar":
        scalar(db, sys.argv[3])
    elif command == "execute":
        execute(db, sys.argv[3])
