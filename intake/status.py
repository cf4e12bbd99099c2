"""``intake status``: what intake has done, from the ledger and the submission files (no IMAP).

``collect(config)`` returns a JSON-able mapping::

    {"source": "imap:…", "ledger": "<path>", "last_run": {...} | null,
     "totals": {"accepted": n, "rejected": n, "ignored": n, "quarantined": n},
     "retrying": n,                         # messages waiting in the inbox after a transient failure
     "week": {"week": "2026-W48", "count": n,
              "by_unit": {unit: {type: {status: n}}},
              "submissions": [{"id", "unit", "type", "status", "received"}, ...]},
     "quarantine": [{"sender", "subject", "reason", "detail", "problems", "date", ...}, ...],
     "rejected": [ same shape, "problems" holds the Turkish problem lines sent to the unit ]}

``format_text(data)`` renders it for a terminal.
"""

from __future__ import annotations

import contextlib
from typing import Any

from intake.config import Config
from intake.errors import SubmissionFileError
from intake.ledger import Ledger, ledger_path
from intake.outcome import OUTCOMES
from intake.store import SubmissionStore, submissions_folder
from intake.timeutil import iso_week, now

FINAL = tuple(o for o in OUTCOMES if o != "retried")
AUDIT_SHOWN = 20  # audit entries `intake status` prints (--json gives all it read)


def collect(config: Config, week: str | None = None) -> dict[str, Any]:
    """Everything ``intake status`` shows; ``week`` defaults to the current ISO week."""
    week = week or iso_week(now().date())
    path = ledger_path(config)
    data: dict[str, Any] = {
        "source": config.mailbox.identity(),
        "ledger": str(path),
        "last_run": None,
        "totals": dict.fromkeys(FINAL, 0),
        "retrying": 0,
        "week": {"week": week, "count": 0, "by_unit": {}, "submissions": []},
        "quarantine": [],
        "rejected": [],
        "audit": [],
    }
    ledger = Ledger.open_readonly(path)
    if ledger is None:
        return data
    with ledger:
        data["last_run"] = ledger.last_run()
        for outcome, count in ledger.outcome_counts().items():
            data["totals"][outcome] = count
        data["retrying"] = ledger.retrying()
        data["quarantine"] = ledger.quarantined()
        data["rejected"] = ledger.with_outcome("rejected")
        data["audit"] = ledger.audit_trail()
        entries = ledger.week_entries(week)
    store = SubmissionStore(submissions_folder(config))
    by_unit: dict[str, dict[str, dict[str, int]]] = {}
    listed: list[dict[str, Any]] = []
    for entry in entries:
        status = entry.status
        # the office may have edited the status by hand: the file is the truth
        with contextlib.suppress(SubmissionFileError, OSError):
            status = store.read(store.path_for(entry.id)).status
        types = by_unit.setdefault(entry.unit, {})
        statuses = types.setdefault(entry.type, {})
        statuses[status] = statuses.get(status, 0) + 1
        listed.append(
            {
                "id": entry.id,
                "unit": entry.unit,
                "type": entry.type,
                "status": status,
                "received": entry.received.isoformat(),
            }
        )
    data["week"] = {"week": week, "count": len(listed), "by_unit": by_unit, "submissions": listed}
    return data


OUTCOME_TR = {
    "accepted": "kabul",
    "rejected": "ret",
    "ignored": "yok sayıldı",
    "quarantined": "karantina",
    "retried": "yeniden denenecek",
}
TYPE_TR = {
    "plan": "haftalık plan",
    "proposal": "içerik önerisi",
    "announcement": "duyuru",
    "reshare": "paylaşım bildirimi",
}
STATUS_TR = {
    "received": "alındı",
    "held": "kriz nedeniyle bekletiliyor",
    "pending": "karar bekliyor",
    "approved": "onaylandı",
    "rejected": "reddedildi",
    "superseded": "yenisiyle değiştirildi",
}


def format_text(data: dict[str, Any]) -> str:
    """The summary for a terminal, in Turkish (the office reads it); codes stay in ``--json``."""
    from intake.render.directory import REASONS, turkish_detail
    from intake.render.turkish import week_label

    lines = [f"kaynak: {data['source']}"]
    run = data.get("last_run")
    if run is None:
        lines.append("son çalışma: hiç (önce `intake fetch` çalıştırın)")
    else:
        counts = ", ".join(f"{run[k]} {OUTCOME_TR[k]}" for k in FINAL)
        retried = f", {run['retried']} {OUTCOME_TR['retried']}" if run.get("retried") else ""
        lines.append(f"son çalışma: {run['finished']} — {run['new']} yeni ileti: {counts}{retried}")
        lines.extend(f"  uyarı: {w}" for w in run.get("warnings", []))
    totals = data["totals"]
    lines.append("bugüne kadar: " + ", ".join(f"{totals.get(k, 0)} {OUTCOME_TR[k]}" for k in FINAL))
    if data.get("retrying"):
        lines.append(f"yeniden denenmeyi bekleyen: {data['retrying']}")
    week = data["week"]
    lines.append(f"{week_label(week['week'])}: {week['count']} gönderi")
    for unit in sorted(week["by_unit"]):
        parts = []
        for type_, statuses in sorted(week["by_unit"][unit].items()):
            parts.append(
                f"{TYPE_TR.get(type_, type_)} ("
                + ", ".join(f"{n} {STATUS_TR.get(s, s)}" for s, n in sorted(statuses.items()))
                + ")"
            )
        lines.append(f"  {unit}: " + "; ".join(parts))
    quarantine = data["quarantine"]
    lines.append(f"karantina: {len(quarantine)} ileti")
    for q in quarantine:
        who = q["sender"] or "(gönderen yok)"
        subject = q["subject"] or "(konu yok)"
        detail = f" — {turkish_detail(q['detail'])}" if q["detail"] else ""
        reason = REASONS.get(q["reason"], q["reason"])
        lines.append(f"  {q['date']}  {who}  “{subject}”  [{reason}]{detail}")
    if "audit" in data:  # the office's decisions and commands (the ledger's audit trail)
        audit = data["audit"] or []
        lines.append(f"denetim kaydı: {len(audit)} kayıt (en yenisi önce)")
        for a in audit[:AUDIT_SHOWN]:
            detail = f" — {a['detail']}" if a["detail"] else ""
            lines.append(
                f"  {a['at']}  {a['actor']} ({a['via']})  {a['action']} {a['target']}{detail}"
            )
    return "\n".join(lines)
