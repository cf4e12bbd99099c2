"""``intake.yml``: a typed schema, validated as a whole.

``load_config(path)`` returns a :class:`Config` or raises :class:`~intake.errors.ConfigError`
listing *every* problem with its key and a fix. Unknown keys become warnings
(``Config.warnings``). Secrets are never read from the file: ``password_env`` names an
environment variable, and ``Config.mailbox.password()`` reads it when it is needed.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from intake.errors import ConfigError, Problem

Security = Literal["ssl", "starttls", "none"]
AuthRequire = Literal["dmarc", "dkim", "spf", "none"]

UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


@dataclass(frozen=True)
class Folders:
    processed: str = "Processed"
    rejected: str = "Rejected"
    quarantine: str = "Quarantine"


@dataclass(frozen=True)
class Mailbox:
    """Where mail is read: an IMAP server, or a local Maildir (``maildir`` set)."""

    maildir: Path | None = None
    host: str = ""
    port: int = 993
    security: Security = "ssl"
    username: str = ""
    password_env: str = "INTAKE_IMAP_PASSWORD"  # noqa: S105 - the variable's name, not a secret
    folder: str = "INBOX"
    folders: Folders = field(default_factory=Folders)
    batch_size: int = 100
    timeout: float = 30.0
    ca_file: Path | None = None  # extra CA bundle for a private mail server

    @property
    def is_maildir(self) -> bool:
        return self.maildir is not None

    def password(self) -> str:
        """The IMAP password from the environment (never from intake.yml)."""
        return os.environ.get(self.password_env, "")

    def identity(self) -> str:
        """A stable name for this mail source (guards against mixing demo and real data)."""
        if self.maildir is not None:
            return f"maildir:{self.maildir.name}"
        return f"imap:{self.username}@{self.host}:{self.port}/{self.folder}"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 587
    security: Security = "starttls"
    username: str = ""
    password_env: str = "INTAKE_SMTP_PASSWORD"  # noqa: S105 - the variable's name, not a secret
    sender: str = ""  # the `from:` key
    timeout: float = 30.0
    ca_file: Path | None = None  # extra CA bundle for a private mail server

    def password(self) -> str:
        return os.environ.get(self.password_env, "")


@dataclass(frozen=True)
class Office:
    name: str
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Authentication:
    authserv_id: str
    require: AuthRequire = "dmarc"


@dataclass(frozen=True)
class Contact:
    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    addresses: tuple[str, ...]
    contact: Contact = field(default_factory=Contact)
    short: str = ""  # short name shown in tables (e.g. "GHGM"); defaults to the id upper-cased

    @property
    def label(self) -> str:
        return self.short or self.id.upper()


@dataclass(frozen=True)
class Limits:
    max_message_bytes: int = 15_000_000
    max_parts: int = 100
    max_depth: int = 10
    max_links: int = 50
    max_items: int = 200
    max_image_bytes: int = 10_000_000
    parse_seconds: float = 30.0  # a message the parser reads longer is quarantined (parser-error)


@dataclass(frozen=True)
class Paths:
    """Where intake reads and writes, relative to the config file's folder."""

    docs: Path
    site: Path
    state: Path
    outbox: Path
    templates: Path
    calendar: Path
    mkdocs_yml: Path


@dataclass(frozen=True)
class SiteConf:
    url: str = "https://intranet.example.gov.tr/sosyal-medya/"
    intake_address: str = ""  # the address units write to; shown in the guide and mailto links


WEEKDAYS = ("pazartesi", "sali", "carsamba", "persembe", "cuma", "cumartesi", "pazar")
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Reminders:
    """``intake remind``: from this weekday and time on, each week (Istanbul time)."""

    weekday: int = 3  # 0 Monday … 6 Sunday: Thursday
    time: str = "14:00"


@dataclass(frozen=True)
class Reshares:
    """Re-share tracking (circular order 8): a re-share reported more than ``late_after_days``
    after the ministry's post is late; a unit whose rate for a week is under ``threshold`` is
    named on that week's agenda."""

    late_after_days: int = 2
    threshold: float = 0.8


@dataclass(frozen=True)
class Config:
    path: Path
    mailbox: Mailbox
    smtp: Smtp | None
    office: Office
    authentication: Authentication
    units: tuple[Unit, ...]
    limits: Limits
    paths: Paths
    site: SiteConf
    warnings: tuple[str, ...] = ()
    reminders: Reminders = Reminders()
    reshares: Reshares = field(default_factory=Reshares)

    def unit_by_address(self, address: str) -> Unit | None:
        """The unit that registered ``address`` (case-insensitive), if any."""
        wanted = address.strip().lower()
        for unit in self.units:
            if wanted in (a.lower() for a in unit.addresses):
                return unit
        return None

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def is_office(self, address: str) -> bool:
        return address.strip().lower() in (a.lower() for a in self.office.addresses)


_TOP_KEYS = {
    "mailbox",
    "smtp",
    "office",
    "authentication",
    "units",
    "limits",
    "paths",
    "site",
    "reminders",
    "reshares",
}


class _Checker:
    """Collects problems while reading a mapping; never stops at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def problem(self, where: str, what: str, fix: str) -> None:
        self.problems.append(Problem(where, what, fix))

    def mapping(self, value: Any, where: str, *, required: bool = True) -> Mapping[str, Any]:
        if value is None:
            if required:
                self.problem(
                    where, "is missing", f"add a `{where}:` section (see intake.example.yml)"
                )
            return {}
        if not isinstance(value, Mapping):
            self.problem(
                where,
                f"must be a mapping, not {type(value).__name__}",
                "write it as `key: value` lines indented under it",
            )
            return {}
        return value

    def unknown(self, data: Mapping[str, Any], known: set[str], where: str) -> None:
        for key in sorted(set(map(str, data)) - known):
            self.warnings.append(
                f"{where}.{key}: unknown key, ignored (known: {', '.join(sorted(known))})"
            )

    def string(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        *,
        default: str | None = None,
        fix: str = "",
    ) -> str:
        value = data.get(key)
        if value is None:
            if default is None:
                self.problem(f"{where}.{key}", "is missing", fix or f"add `{key}:`")
                return ""
            return default
        if (
            not isinstance(value, str | int | float)
            or isinstance(value, bool)
            or str(value).strip() == ""
        ):
            self.problem(
                f"{where}.{key}",
                f"must be a non-empty text, got {value!r}",
                fix or f"write `{key}: some text`",
            )
            return default or ""
        return str(value).strip()

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        default: int,
        low: int = 0,
        high: int = 2**40,
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(
                f"{where}.{key}",
                f"must be a whole number between {low} and {high}, got {value!r}",
                f"write e.g. `{key}: {default}`",
            )
            return default
        return value

    def number(self, data: Mapping[str, Any], key: str, where: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            self.problem(
                f"{where}.{key}",
                f"must be a positive number, got {value!r}",
                f"write e.g. `{key}: {default}`",
            )
            return default
        return float(value)

    def choice(
        self, data: Mapping[str, Any], key: str, where: str, options: tuple[str, ...], default: str
    ) -> str:
        value = data.get(key, default)
        if value not in options:
            self.problem(
                f"{where}.{key}",
                f"must be one of {', '.join(options)}, got {value!r}",
                f"write `{key}: {default}`",
            )
            return default
        return str(value)

    def addresses(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True
    ) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"{where}.{key}", "is missing", f"add `{key}: [name@example.gov.tr]`")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or (required and not value):
            self.problem(
                f"{where}.{key}",
                "must be a list of email addresses",
                f"write `{key}: [name@example.gov.tr]`",
            )
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not EMAIL.match(item.strip()):
                self.problem(
                    f"{where}.{key}[{i}]",
                    f"{item!r} is not an email address",
                    "write a plain address such as sosyalmedya@birim.gov.tr",
                )
            else:
                out.append(item.strip().lower())
        return tuple(out)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _paths(c: _Checker, data: Mapping[str, Any], base: Path) -> Paths:
    known = {"docs", "site", "state", "outbox", "templates", "calendar", "mkdocs_yml"}
    c.unknown(data, known, "paths")
    defaults = {
        "docs": "docs",
        "site": "site",
        "state": ".intake",
        "outbox": "outbox",
        "templates": "templates",
        "calendar": "calendar",
        "mkdocs_yml": "mkdocs.yml",
    }
    resolved: dict[str, Path] = {}
    for key, default in defaults.items():
        value = c.string(data, key, "paths", default=default)
        resolved[key] = (base / value).resolve() if not Path(value).is_absolute() else Path(value)
    return Paths(**resolved)


def _mailbox(c: _Checker, data: Mapping[str, Any], base: Path) -> Mailbox:
    known = {
        "maildir",
        "host",
        "port",
        "security",
        "username",
        "password_env",
        "folder",
        "folders",
        "batch_size",
        "timeout",
        "ca_file",
        "password",
    }
    c.unknown(data, known, "mailbox")
    if "password" in data:
        c.problem(
            "mailbox.password",
            "secrets are not read from intake.yml",
            "remove it and set the variable named by `password_env` (default INTAKE_IMAP_PASSWORD)",
        )
    batch = c.integer(data, "batch_size", "mailbox", 100, 1, 5000)
    timeout = c.number(data, "timeout", "mailbox", 30.0)
    if data.get("maildir") is not None:
        raw = c.string(data, "maildir", "mailbox")
        path = Path(raw) if Path(raw).is_absolute() else (base / raw)
        if raw and not path.is_dir():
            c.problem(
                "mailbox.maildir",
                f"folder {path} does not exist",
                "point it at a Maildir (a folder with cur/ and new/) or remove it to use IMAP",
            )
        return Mailbox(maildir=path.resolve(), batch_size=batch, timeout=timeout)
    host = c.string(
        data, "host", "mailbox", fix="add `host: mail.example.gov.tr` (or `maildir: PATH`)"
    )
    security = c.choice(data, "security", "mailbox", ("ssl", "starttls", "none"), "ssl")
    if security == "none" and host and not _is_loopback(host):
        c.problem(
            "mailbox.security",
            f"`none` sends the password in clear text to {host}",
            "use `ssl` (port 993) or `starttls` (port 143); `none` is allowed only on loopback",
        )
    port = c.integer(data, "port", "mailbox", 993 if security == "ssl" else 143, 1, 65535)
    folders_data = c.mapping(data.get("folders"), "mailbox.folders", required=False)
    c.unknown(folders_data, {"processed", "rejected", "quarantine"}, "mailbox.folders")
    folders = Folders(
        processed=c.string(folders_data, "processed", "mailbox.folders", default="Processed"),
        rejected=c.string(folders_data, "rejected", "mailbox.folders", default="Rejected"),
        quarantine=c.string(folders_data, "quarantine", "mailbox.folders", default="Quarantine"),
    )
    inbox = c.string(data, "folder", "mailbox", default="INBOX")
    if len({inbox, folders.processed, folders.rejected, folders.quarantine}) < 4:
        c.problem(
            "mailbox.folders",
            "the inbox and the outcome folders must all differ",
            "give processed, rejected and quarantine distinct names",
        )
    ca = data.get("ca_file")
    return Mailbox(
        host=host,
        port=port,
        security=security,  # type: ignore[arg-type]
        username=c.string(data, "username", "mailbox"),
        password_env=c.string(data, "password_env", "mailbox", default="INTAKE_IMAP_PASSWORD"),
        folder=inbox,
        folders=folders,
        batch_size=batch,
        timeout=timeout,
        ca_file=(base / str(ca)) if ca else None,
    )


def _smtp(c: _Checker, data: Mapping[str, Any], base: Path) -> Smtp | None:
    if not data:
        return None
    c.unknown(
        data,
        {
            "host",
            "port",
            "security",
            "username",
            "password_env",
            "from",
            "timeout",
            "ca_file",
            "password",
        },
        "smtp",
    )
    if "password" in data:
        c.problem(
            "smtp.password",
            "secrets are not read from intake.yml",
            "remove it and set the variable named by `password_env` (default INTAKE_SMTP_PASSWORD)",
        )
    security = c.choice(data, "security", "smtp", ("ssl", "starttls", "none"), "starttls")
    host = c.string(data, "host", "smtp")
    if security == "none" and host and not _is_loopback(host) and data.get("username"):
        c.problem(
            "smtp.security",
            f"`none` sends the password in clear text to {host}",
            "use `starttls` (587) or `ssl` (465)",
        )
    sender = c.addresses(data, "from", "smtp")
    return Smtp(
        host=host,
        port=c.integer(data, "port", "smtp", 587, 1, 65535),
        security=security,  # type: ignore[arg-type]
        username=c.string(data, "username", "smtp", default=""),
        password_env=c.string(data, "password_env", "smtp", default="INTAKE_SMTP_PASSWORD"),
        sender=sender[0] if sender else "",
        timeout=c.number(data, "timeout", "smtp", 30.0),
        ca_file=(base / str(data["ca_file"])) if data.get("ca_file") else None,
    )


def _units(c: _Checker, value: Any) -> tuple[Unit, ...]:
    if not isinstance(value, list) or not value:
        c.problem(
            "units",
            "must be a non-empty list of units",
            "add `units:` with one `- id: … name: … addresses: [...]` entry per unit",
        )
        return ()
    units: list[Unit] = []
    seen_ids: set[str] = set()
    seen_addr: dict[str, str] = {}
    for i, raw in enumerate(value):
        where = f"units[{i}]"
        data = c.mapping(raw, where)
        if not data:
            continue
        c.unknown(data, {"id", "name", "addresses", "contact", "short"}, where)
        uid = c.string(data, "id", where)
        if uid and not UNIT_ID.match(uid):
            c.problem(
                f"{where}.id",
                f"{uid!r} is not a valid unit id",
                "use lower-case ASCII letters, digits and '-', at most 32 characters (e.g. gsgm)",
            )
        if uid in seen_ids:
            c.problem(f"{where}.id", f"{uid!r} is used by two units", "give every unit its own id")
        seen_ids.add(uid)
        addresses = c.addresses(data, "addresses", where)
        for a in addresses:
            if a in seen_addr:
                c.problem(
                    f"{where}.addresses",
                    f"{a} is already registered to unit {seen_addr[a]!r}",
                    "an address may belong to one unit only",
                )
            seen_addr[a] = uid
        contact_data = c.mapping(data.get("contact"), f"{where}.contact", required=False)
        c.unknown(contact_data, {"name", "title", "phone", "email"}, f"{where}.contact")
        contact = Contact(
            **{
                k: str(contact_data.get(k) or "").strip()
                for k in ("name", "title", "phone", "email")
            }
        )
        units.append(
            Unit(
                id=uid,
                name=c.string(data, "name", where),
                addresses=addresses,
                contact=contact,
                short=c.string(data, "short", where, default=""),
            )
        )
    return tuple(units)


def _reshares(c: _Checker, data: Mapping[str, Any]) -> Reshares:
    c.unknown(data, {"late_after_days", "threshold"}, "reshares")
    defaults = Reshares()
    late = c.integer(data, "late_after_days", "reshares", defaults.late_after_days, 0, 365)
    threshold = data.get("threshold", defaults.threshold)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold <= 1
    ):
        c.problem(
            "reshares.threshold",
            f"must be a share between 0 and 1, got {threshold!r}",
            "write e.g. `threshold: 0.8` (80 %)",
        )
        threshold = defaults.threshold
    return Reshares(late_after_days=late, threshold=float(threshold))


def parse_config(data: Any, path: Path) -> Config:
    """Validate already-loaded YAML ``data``; paths resolve against ``path``'s folder."""
    c = _Checker()
    base = path.parent.resolve()
    top = c.mapping(data, "intake.yml")
    c.unknown(top, _TOP_KEYS, "(top)")
    mailbox = _mailbox(c, c.mapping(top.get("mailbox"), "mailbox"), base)
    smtp = _smtp(c, c.mapping(top.get("smtp"), "smtp", required=False), base)
    office_data = c.mapping(top.get("office"), "office")
    c.unknown(office_data, {"name", "addresses"}, "office")
    office = Office(
        name=c.string(office_data, "name", "office"),
        addresses=c.addresses(office_data, "addresses", "office"),
    )
    auth_data = c.mapping(top.get("authentication"), "authentication")
    c.unknown(auth_data, {"authserv_id", "require"}, "authentication")
    auth = Authentication(
        authserv_id=c.string(
            auth_data,
            "authserv_id",
            "authentication",
            fix="add `authserv_id:` with the host name your own mail server writes "
            "in Authentication-Results",
        ),
        require=c.choice(
            auth_data,
            "require",
            "authentication",  # type: ignore[arg-type]
            ("dmarc", "dkim", "spf", "none"),
            "dmarc",
        ),
    )
    units = _units(c, top.get("units"))
    for unit in units:
        for a in unit.addresses:
            if a in office.addresses:
                c.problem(
                    f"units[{unit.id}].addresses",
                    f"{a} is also an office address",
                    "an office address cannot belong to a unit",
                )
    limits_data = c.mapping(top.get("limits"), "limits", required=False)
    c.unknown(
        limits_data,
        {
            "max_message_bytes",
            "max_parts",
            "max_depth",
            "max_links",
            "max_items",
            "max_image_bytes",
            "parse_seconds",
        },
        "limits",
    )
    defaults = Limits()
    limits = Limits(
        max_message_bytes=c.integer(
            limits_data, "max_message_bytes", "limits", defaults.max_message_bytes, 1000
        ),
        max_parts=c.integer(limits_data, "max_parts", "limits", defaults.max_parts, 1, 10_000),
        max_depth=c.integer(limits_data, "max_depth", "limits", defaults.max_depth, 1, 100),
        max_links=c.integer(limits_data, "max_links", "limits", defaults.max_links, 1, 10_000),
        max_items=c.integer(limits_data, "max_items", "limits", defaults.max_items, 1, 10_000),
        max_image_bytes=c.integer(
            limits_data, "max_image_bytes", "limits", defaults.max_image_bytes, 1000
        ),
        parse_seconds=c.number(limits_data, "parse_seconds", "limits", defaults.parse_seconds),
    )
    paths = _paths(c, c.mapping(top.get("paths"), "paths", required=False), base)
    site_data = c.mapping(top.get("site"), "site", required=False)
    c.unknown(site_data, {"url", "intake_address"}, "site")
    url = c.string(site_data, "url", "site", default=SiteConf.url)
    if not url.startswith(("https://", "http://")):
        c.problem(
            "site.url",
            f"{url!r} is not an http(s) address",
            "write the intranet address, e.g. https://intranet.example.gov.tr/sosyal-medya/",
        )
    intake_addr = c.addresses(site_data, "intake_address", "site", required=False)
    site = SiteConf(
        url=url.rstrip("/") + "/",
        intake_address=intake_addr[0] if intake_addr else (smtp.sender if smtp else ""),
    )
    reminders = _reminders(c, c.mapping(top.get("reminders"), "reminders", required=False))
    reshares = _reshares(c, c.mapping(top.get("reshares"), "reshares", required=False))
    if c.problems:
        raise ConfigError(str(path), c.problems)
    return Config(
        path=path,
        mailbox=mailbox,
        smtp=smtp,
        office=office,
        authentication=auth,
        units=units,
        limits=limits,
        paths=paths,
        site=site,
        warnings=tuple(c.warnings),
        reminders=reminders,
        reshares=reshares,
    )


def _reminders(c: _Checker, data: Mapping[str, Any]) -> Reminders:
    from intake.textnorm import fold

    c.unknown(data, {"weekday", "time"}, "reminders")
    defaults = Reminders()
    weekday = defaults.weekday
    if "weekday" in data:
        written = fold(str(data["weekday"])).strip()
        days = {
            **{d: i for i, d in enumerate(WEEKDAYS)},
            **{d: i for i, d in enumerate(WEEKDAYS_EN)},
        }
        if written in days:
            weekday = days[written]
        else:
            c.problem(
                "reminders.weekday",
                f"{data['weekday']!r} is not a weekday",
                "write a day's name, e.g. `weekday: Perşembe` (or thursday)",
            )
    hhmm = str(data.get("time", defaults.time)).strip()
    parts = hhmm.replace(".", ":").split(":")
    if (
        len(parts) != 2
        or not all(p.isdigit() for p in parts)
        or int(parts[0]) > 23
        or int(parts[1]) > 59
    ):
        c.problem("reminders.time", f"{hhmm!r} is not a time", 'write it as `time: "14:00"`')
        hhmm = defaults.time
    else:
        hhmm = f"{int(parts[0]):02d}:{int(parts[1]):02d}"
    return Reminders(weekday=weekday, time=hhmm)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate intake.yml (``--config``, else ``$INTAKE_CONFIG``, else ./intake.yml)."""
    chosen = Path(path or os.environ.get("INTAKE_CONFIG") or "intake.yml")
    try:
        text = chosen.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            str(chosen),
            [
                Problem(
                    "",
                    "file not found",
                    "copy intake.example.yml to intake.yml, or pass --config PATH",
                )
            ],
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            str(chosen),
            [Problem("", f"not UTF-8 ({exc.reason})", "save the file as UTF-8")],
        ) from None
    except OSError as exc:  # a folder, no permission, …
        raise ConfigError(
            str(chosen),
            [Problem("", f"cannot be read ({exc.strerror})", "pass --config with a readable file")],
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise ConfigError(
            str(chosen),
            [
                Problem(
                    where,
                    f"not valid YAML ({getattr(exc, 'problem', exc)})",
                    "fix the indentation or quoting on that line",
                )
            ],
        ) from None
    return parse_config(data, chosen)
