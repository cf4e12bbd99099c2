"""The office's decisions and commands, one way to apply each whatever brought it: an office
mail (:func:`intake.dispatch.command`), the CLI (``intake approve|reject|crisis|post``) or an edit of
a file (:func:`file_decisions`).

Every decision writes ``decision: {by, at, via, note}`` into the submission's file, updates the
ledger's index and appends to the audit trail; every crisis command edits ``docs/crisis.md`` as a
person would (the text below the front matter and any comments in it are kept). A command is
applied once or never: an unknown, already decided or superseded id is refused with a reason.

Reasons recorded for an office mail (its outcome):

| outcome  | reason           | when                                                    |
|----------|------------------|---------------------------------------------------------|
| accepted | approved         | a proposal or announcement approved                     |
| accepted | released         | a plan held during a national crisis released           |
| accepted | rejected-by-office | a submission rejected                                 |
| accepted | crisis-started   | ``KRİZ``                                                |
| accepted | crisis-ended     | ``KRİZ BİTTİ``                                          |
| rejected | bad-command      | no command recognised, or one missing its id, reason … |
| rejected | unknown-id       | no submission has that id                               |
| rejected | already-decided  | it was approved or rejected before                      |
| rejected | superseded       | a newer plan replaced it                                |
| rejected | not-decidable    | a plan that is not held, or a re-share report           |
| rejected | crisis-active    | ``KRİZ`` while a crisis is active                       |
| rejected | no-crisis        | ``KRİZ BİTTİ`` with no active crisis                    |
| rejected | cannot-apply     | a file it needs does not read (say ``docs/crisis.md``)  |
| accepted | post-added       | ``BAKANLIK PAYLAŞIMI``: a ministry post listed          |
| rejected | post-exists      | one of its addresses is already listed                  |
| rejected | bad-posts-file   | ``ministry-posts.yml`` does not validate: fix it first  |
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, cast

from intake.config import Config
from intake.crisis import CrisisNotice, load_crisis, parse_crisis
from intake.errors import CrisisError, IntakeError, Problem, SubmissionFileError
from intake.ledger import Ledger
from intake.model import Decision, Status, Submission, Via
from intake.render.turkish import date_time, long_date
from intake.reshares import MINISTRY_POSTS_FILE, PostIndex, add_to_posts_file, load_ministry_posts
from intake.schedule import planned_posts
from intake.store import SubmissionStore, atomic_write, split_front_matter
from intake.timeutil import iso_week

Action = Literal["approve", "reject"]


@dataclass
class Applied:
    """What a decision or command did, or why it was refused (``reason``: the ledger's code)."""

    ok: bool
    reason: str
    lines: list[str] = field(default_factory=list)  # Turkish: the answer to the office
    submission: Submission | None = None  # the decided submission (its unit is told)
    action: str = ""  # approved | rejected | released


def _refused(reason: str, line: str) -> Applied:
    return Applied(False, reason, [line])


def _what(sub: Submission) -> str:
    topic = sub.items[0].topic if sub.items else sub.subject
    return f"{sub.id} ({sub.unit}, “{topic}”)"


def decide(
    store: SubmissionStore,
    ledger: Ledger,
    write: Callable[[Submission], None],
    *,
    action: Action,
    target: str,
    by: str,
    via: Via,
    at: datetime,
    note: str = "",
    day: date | None = None,
    hhmm: str | None = None,
) -> Applied:
    """Approve or reject ``target``, once: write it (``write``), the index and the audit trail."""
    path = store.path_for(target)
    if not target or not path.exists():
        return _refused(
            "unknown-id",
            f"“{target}” kimlikli bir gönderi bulunamadı. Kimliği alındı iletisinde ya da sitenin "
            "ofis sayfasında yazdığı gibi yazın (ör. 2026-w50-ghgm-proposal-1a2b3c4d).",
        )
    try:
        sub = store.read(path)
    except SubmissionFileError as exc:
        return _refused(
            "unknown-id",
            f"{target} dosyası okunamadı ({exc.problems[0] if exc.problems else exc}); önce "
            "dosyayı düzeltin (`intake check` nerede olduğunu söyler).",
        )
    if sub.status == "superseded":
        return _refused(
            "superseded",
            f"{_what(sub)} daha yeni bir gönderiyle ({sub.superseded_by}) değiştirildi; kararı "
            "yenisi için verin.",
        )
    if sub.status in ("approved", "rejected") or (
        sub.decision is not None and sub.status != "held"
    ):
        decided = "onaylandı" if sub.status == "approved" else "reddedildi"
        when = f" {date_time(sub.decision.at)} tarihinde {sub.decision.by}" if sub.decision else ""
        return _refused(
            "already-decided",
            f"{_what(sub)}{when} tarafından zaten {decided}; karar değiştirilmedi. Değiştirmek "
            "için dosyadaki `status` ve `decision` alanlarını düzenleyin.",
        )
    if sub.type == "reshare" or (sub.type == "plan" and sub.status != "held"):
        return _refused(
            "not-decidable",
            f"{_what(sub)} bir {'paylaşım bildirimi' if sub.type == 'reshare' else 'haftalık plan'}; "
            "yalnızca içerik önerileri, duyurular ve kriz sırasında bekletilen planlar karar "
            "bekler.",
        )
    released = sub.type == "plan" and action == "approve"
    status: Status = "received" if released else "approved" if action == "approve" else "rejected"
    items = sub.items
    if day is not None or hhmm is not None:
        items = tuple(
            replace(
                item,
                date=day or item.date,
                time=hhmm if hhmm is not None else item.time,
            )
            for item in items
        )
    decided_sub = replace(
        sub,
        status=status,
        items=items,
        decision=Decision(by=by, at=at, via=via, note=note),
    )
    write(decided_sub)
    ledger.set_status(sub.id, status)
    name = "released" if released else "approved" if action == "approve" else "rejected"
    ledger.audit(at, by, via, name, sub.id, note)
    verb = {"released": "serbest bırakıldı", "approved": "onaylandı", "rejected": "reddedildi"}
    lines = [f"{_what(sub)} {verb[name]}."]
    slot = slot_text(decided_sub)
    if slot and action == "approve":
        lines.append(f"Yayın zamanı: {slot}.")
    if note:
        lines.append(f"{'Gerekçe' if action == 'reject' else 'Not'}: {note}")
    reason = "released" if released else "approved" if action == "approve" else "rejected-by-office"
    return Applied(True, reason, lines, decided_sub, name)


def slot_text(sub: Submission) -> str:
    """When the submission's posts are to go out, in Turkish ("8 Aralık 2026 Salı 10:30")."""
    slots = sorted({(i.date, i.time or "") for i in sub.items if i.date is not None})
    return "; ".join(f"{long_date(d)}{' ' + t if t else ''}" for d, t in slots if d)


# --- the crisis page -------------------------------------------------------------------------


Writer = Callable[[Path, str], object]


def _edit_crisis(path: Path, change: Callable[[Any], None], write: Writer) -> None:
    """Change ``docs/crisis.md``'s front matter with ruamel.yaml (comments and layout kept),
    the text below it as it is; the result must read back as a valid notice."""
    from ruamel.yaml import YAML

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = "---\ncrisis:\n  active: false\npast: []\n---\n\n# Kriz bildirimi\n"
    parts = split_front_matter(text)
    if parts is None:
        raise CrisisError(
            str(path),
            [Problem(str(path), "ön bilgi (---) yok", "dosyayı `---` ve `crisis:` ile başlatın")],
        )
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(parts[0]) or {}
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    new_text = f"---\n{out.getvalue()}---\n{parts[1]}"
    parse_crisis(new_text, str(path))  # never write a notice the site would refuse
    write(path, new_text)


def _stopped_by_unit(
    store: SubmissionStore, ledger: Ledger, notice: CrisisNotice, at: datetime
) -> Counter[str]:
    """Planned posts from ``at`` on that the active crisis stops, by unit (the index's weeks
    from this one on: nothing older is read)."""
    subs = []
    for entry in ledger.since_week(iso_week(at.date())):
        try:
            subs.append(store.read(store.path_for(entry.id)))
        except (SubmissionFileError, OSError):
            continue
    active = notice.active
    counts: Counter[str] = Counter()
    for post in planned_posts(subs, notice):
        if post.stopped_by is active and post.day >= at.date():
            counts[post.submission.unit] += 1
    return counts


def _stopped_lines(counts: Counter[str], config: Config) -> list[str]:
    if not counts:
        return ["Şu an durdurulan planlı paylaşım yok."]
    names = {u.id: u.label for u in config.units}
    total = sum(counts.values())
    per_unit = ", ".join(f"{names.get(u, u)}: {n}" for u, n in sorted(counts.items()))
    return [f"Durdurulan planlı paylaşım: {total} ({per_unit})."]


def start_crisis(
    config: Config,
    ledger: Ledger,
    *,
    scope: str,
    topics: tuple[str, ...],
    title: str,
    by: str,
    via: Via,
    at: datetime,
    write_file: Writer = atomic_write,
) -> Applied:
    path = config.paths.docs / "crisis.md"
    current = load_crisis(path).active
    if current is not None:
        since = f" ({date_time(current.since)} başladı)" if current.since else ""
        return _refused(
            "crisis-active",
            f"Zaten süren bir kriz var: “{current.title}”{since}. Yenisini başlatmadan önce "
            "“KRİZ BİTTİ” ile bitirin.",
        )

    def change(data: Any) -> None:
        data["crisis"] = {
            "active": True,
            "scope": scope,
            "topics": list(topics),
            "since": at.replace(microsecond=0),
            "until": None,
            "title": title,
        }

    _edit_crisis(path, change, write_file)
    ledger.audit(at, by, via, "crisis-start", scope, f"{title} ({', '.join(topics)})")
    notice = load_crisis(path)
    kind = "Ülke genelinde" if scope == "national" else f"Alan krizi ({', '.join(topics)})"
    lines = [f"Kriz başlatıldı: “{title}”. {kind}; {date_time(at)} itibarıyla."]
    lines += _stopped_lines(
        _stopped_by_unit(SubmissionStore(_folder(config)), ledger, notice, at), config
    )
    return Applied(True, "crisis-started", lines)


def end_crisis(
    config: Config,
    ledger: Ledger,
    write: Callable[[Submission], None],
    *,
    by: str,
    via: Via,
    at: datetime,
    write_file: Writer = atomic_write,
) -> Applied:
    """End the active crisis: ``until`` set, the notice moved to ``past`` (newest first); plans
    held by it that have no post inside it are released (the others still need a decision)."""
    path = config.paths.docs / "crisis.md"
    notice = load_crisis(path)
    current = notice.active
    if current is None:
        return _refused("no-crisis", "Süren bir kriz yok; bitirilecek bir şey yapılmadı.")
    until = at.replace(microsecond=0)

    def change(data: Any) -> None:
        ended = dict(data.get("crisis") or {})
        ended.pop("active", None)
        ended["until"] = until
        past = data.get("past") or []
        data["past"] = [ended, *past]
        data["crisis"] = {
            "active": False,
            "scope": "national",
            "topics": [],
            "since": None,
            "until": None,
            "title": "",
        }

    _edit_crisis(path, change, write_file)
    ledger.audit(at, by, via, "crisis-end", current.scope, current.title)
    store = SubmissionStore(_folder(config))
    ended = replace(current, active=False, until=until)
    released, waiting = [], []
    for entry in ledger.with_status("held"):
        try:
            sub = store.read(store.path_for(entry.id))
        except (SubmissionFileError, OSError):
            continue
        if any(ended.covers(item) for item in sub.items):
            waiting.append(sub.id)
            continue
        write(replace(sub, status="received"))
        ledger.set_status(sub.id, "received")
        ledger.audit(at, by, via, "released", sub.id, "kriz bitti")
        released.append(sub.id)
    lines = [f"Kriz bitirildi: “{current.title}” ({date_time(until)}); bildirim arşivlendi."]
    if released:
        lines.append(f"Kriz süresinde bekletilen {len(released)} plan serbest bırakıldı.")
    if waiting:
        lines.append(
            f"Kriz dönemine tarihli paylaşımı olan {len(waiting)} plan kararınızı bekliyor: "
            + ", ".join(waiting)
            + " (“ONAY <kimlik>” ile serbest bırakın)."
        )
    return Applied(True, "crisis-ended", lines)


def crisis_status(config: Config, ledger: Ledger, at: datetime) -> list[str]:
    """The crisis as the office sees it: the active one and what it stops, or none."""
    notice = load_crisis(config.paths.docs / "crisis.md")
    current = notice.active
    if current is None:
        return ["Süren bir kriz yok."]
    scope = (
        "ülke genelinde" if current.scope == "national" else f"alan: {', '.join(current.topics)}"
    )
    since = date_time(current.since) if current.since else "?"
    lines = [f"Süren kriz: “{current.title}” ({scope}), {since} başladı."]
    store = SubmissionStore(_folder(config))
    lines += _stopped_lines(_stopped_by_unit(store, ledger, notice, at), config)
    held = ledger.with_status("held")
    if held:
        lines.append(f"Kararınızı bekleyen (bekletilen) plan: {len(held)}.")
    return lines


def _folder(config: Config) -> Path:
    return config.paths.docs / "submissions"


# --- ministry posts to re-share ---------------------------------------------------------------


def add_post(
    config: Config,
    ledger: Ledger,
    *,
    links: tuple[str, ...],
    day: date,
    topic: str,
    platforms: tuple[str, ...],
    by: str,
    via: Via,
    at: datetime,
    write_file: Writer = atomic_write,
) -> Applied:
    """List a ministry post every unit must re-share in ``<calendar>/ministry-posts.yml`` (its
    comments kept), with the next free short id; once: an address already listed is refused."""
    path = config.paths.calendar / MINISTRY_POSTS_FILE
    try:
        index = PostIndex(load_ministry_posts(path) or [])
        for url in links:
            found = index.find(url)
            if found is not None:
                return _refused(
                    "post-exists",
                    f"{url} zaten listede: {found.id} ({long_date(found.date)}, “{found.topic}”). "
                    "Yeni bir paylaşım eklenmedi.",
                )
        post = add_to_posts_file(
            path, links=list(links), day=day, topic=topic, platforms=platforms, write=write_file
        )
    except IntakeError as exc:
        return _refused(
            "bad-posts-file",
            f"{path.name} okunamadı ({exc}); önce dosyayı düzeltin (`intake check` nerede "
            "olduğunu söyler).",
        )
    ledger.audit(at, by, via, "post-add", post.id, f"{topic} ({' '.join(links)})")
    platform_text = f" ({', '.join(post.platforms)})" if post.platforms else ""
    return Applied(
        True,
        "post-added",
        [
            f"Bakanlık paylaşımı eklendi: {post.id}, {long_date(post.date)}, “{post.topic}”"
            f"{platform_text}.",
            f"Birimler yeniden paylaşımlarını “{post.id} <kendi paylaşımlarının bağlantısı>” "
            "satırıyla ya da paylaşımın bağlantısıyla bildirebilir.",
        ],
    )


# --- decisions written into files by hand ----------------------------------------------------


def file_decisions(
    store: SubmissionStore,
    ledger: Ledger,
    at: datetime,
    notify: Callable[[Submission, str], None],
    since: float | None = None,
) -> list[str]:
    """Decisions the office wrote into files by hand (``status``/``decision``), noticed: the
    index follows, the audit trail gets the entry (``via`` as the file says) and the unit is
    told (``notify``). Only the files of submissions waiting for a decision are looked at, and
    of those only the ones changed ``since`` (the previous look's start, in seconds since the
    epoch) are read. Returns warnings."""
    warnings: list[str] = []
    after = since
    for status in ("pending", "held"):
        for entry in ledger.with_status(status):
            path = store.path_for(entry.id)
            try:
                if after is not None and path.stat().st_mtime < after:
                    continue  # not changed since the previous pass looked
                sub = store.read(path)
            except SubmissionFileError as exc:
                warnings.append(f"{path}: {exc} — fix it (`intake check`)")
                continue
            except OSError:
                continue
            if sub.status == entry.status:
                continue
            ledger.set_status(sub.id, sub.status)
            decision = sub.decision
            name = {"approved": "approved", "rejected": "rejected"}.get(sub.status)
            if entry.status == "held" and sub.status == "received":
                name = "released"
            if name is None:
                continue
            by = decision.by if decision else "?"
            ledger.audit(
                decision.at if decision else at,
                by,
                cast(str, decision.via) if decision else "file",
                name,
                sub.id,
                decision.note if decision else "",
            )
            notify(sub, name)
    return warnings


# --- from the command line -------------------------------------------------------------------


def from_cli(
    config: Config,
    apply: Callable[[SubmissionStore, Ledger, Callable[[Submission], None], Writer], Applied],
) -> Applied:
    """Run one office command from the CLI: it waits for a fetch's pass to end (the lock), then
    applies ``apply`` in one ledger transaction, files made durable before it commits."""
    from intake.ledger import ledger_path
    from intake.lock import COMMAND_WAIT, instance_lock
    from intake.outbox import deliver
    from intake.store import sync_folders
    from intake.timeutil import now

    with (
        instance_lock(config.paths.state, wait=COMMAND_WAIT),
        Ledger(ledger_path(config)) as ledger,
    ):
        store = SubmissionStore(_folder(config))
        folders: dict[Path, None] = {}

        def write_file(path: Path, data: str) -> None:
            atomic_write(path, data)
            folders[path.parent] = None

        def write(sub: Submission) -> None:
            write_file(store.path_for(sub.id), store.render_valid(sub))

        with ledger.batch():
            applied = apply(store, ledger, write, write_file)
            if applied.ok and applied.submission is not None:
                notify_decision(config, ledger, applied.submission, applied.action, at=now())
            sync_folders(folders)
        report = deliver(config, ledger, now())
    applied.lines += [f"Uyarı: {w}" for w in report.warnings]
    return applied


def notify_decision(
    config: Config, ledger: Ledger, sub: Submission, action: str, *, at: datetime
) -> None:
    """The unit's notice of the office's decision, to the outbox (in the caller's transaction)."""
    from intake import notices
    from intake.outbox import enqueue

    if action not in ("approved", "rejected", "released"):
        return
    note = sub.decision.note if sub.decision is not None else ""
    slot = slot_text(sub) if action != "rejected" else None
    notice = notices.decision(config, sub, action, note, slot)  # type: ignore[arg-type]
    if notice is not None:
        enqueue(ledger, notice, at)
