"""intake.yml: the typed schema, refused as a whole with every problem (key, what, fix)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from intake.cli import main
from intake.config import load_config
from intake.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent

VALID = """\
mailbox:
  host: mail.example.gov.tr
  port: 993
  security: ssl
  username: sosyalmedya
  password_env: INTAKE_IMAP_PASSWORD
  folders: {processed: İşlenen, rejected: Reddedilen, quarantine: Karantina}
office:
  name: Sosyal İlişkiler ve İletişim Dairesi Başkanlığı
  addresses: [siid@example.gov.tr]
authentication:
  authserv_id: mail.example.gov.tr
units:
  - id: ghgm
    name: Gençlik Hizmetleri Genel Müdürlüğü
    addresses: [sosyalmedya@ghgm.example.gov.tr]
"""


def write(tmp_path: Path, text: str, name: str = "intake.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [str(p) for p in info.value.problems]


def test_example_template_loads_without_warnings() -> None:
    config = load_config(ROOT / "intake.example.yml")
    assert config.warnings == ()
    box = config.mailbox
    assert (box.host, box.port, box.security, box.folder) == (
        "mail.example.gov.tr",
        993,
        "ssl",
        "INBOX",
    )
    assert (box.folders.processed, box.folders.rejected, box.folders.quarantine) == (
        "İşlenen",
        "Reddedilen",
        "Karantina",
    )
    assert box.password_env == "INTAKE_IMAP_PASSWORD"
    assert config.smtp is not None
    assert (config.smtp.host, config.smtp.port, config.smtp.security) == (
        "mail.example.gov.tr",
        587,
        "starttls",
    )
    assert config.smtp.sender == "sosyalmedya@example.gov.tr"
    assert config.office.addresses == ("siid@example.gov.tr",)
    assert (config.authentication.authserv_id, config.authentication.require) == (
        "mail.example.gov.tr",
        "dmarc",
    )
    assert [u.id for u in config.units] == ["ghgm", "shgm", "kygm"]
    assert config.units[1].addresses == (
        "basin@shgm.example.gov.tr",
        "sosyalmedya@shgm.example.gov.tr",
    )
    assert config.units[0].contact.phone == "+90 312 596 61 10"
    assert config.limits.max_message_bytes == 15_000_000
    assert config.site.intake_address == "sosyalmedya@example.gov.tr"
    assert config.paths.docs == (ROOT / "docs").resolve()


def test_demo_config_loads() -> None:
    config = load_config(ROOT / "samples" / "intake.yml")
    assert config.warnings == ()
    assert config.mailbox.maildir == (ROOT / "samples" / "mailbox").resolve()
    assert len(config.units) == 10
    assert config.unit_by_address("BASIN@shgm.example.gov.tr") is config.unit("shgm")
    assert config.is_office("siid@example.gov.tr")
    assert config.paths.docs == (ROOT / "docs").resolve()


def test_valid_minimal_config_uses_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    assert config.smtp is None
    assert config.mailbox.batch_size == 100
    assert config.mailbox.timeout == 30.0
    assert config.paths.state == (tmp_path / ".intake").resolve()
    assert config.site.url == "https://intranet.example.gov.tr/sosyal-medya/"


def test_secret_comes_from_environment_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(write(tmp_path, VALID))
    monkeypatch.setenv("INTAKE_IMAP_PASSWORD", "gizli-parola")
    assert config.mailbox.password() == "gizli-parola"


def test_password_in_file_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID.replace(
            "  username: sosyalmedya\n", "  username: sosyalmedya\n  password: hunter2\n"
        ),
    )
    assert problems_of(path) == [
        "mailbox.password: secrets are not read from intake.yml — remove it and set the variable "
        "named by `password_env` (default INTAKE_IMAP_PASSWORD)"
    ]


def test_smtp_password_in_file_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID
        + "smtp: {host: mail.example.gov.tr, from: sosyalmedya@example.gov.tr, password: x}\n",
    )
    assert problems_of(path) == [
        "smtp.password: secrets are not read from intake.yml — remove it and set the variable "
        "named by `password_env` (default INTAKE_SMTP_PASSWORD)"
    ]


def test_plain_imap_to_remote_host_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("security: ssl", "security: none"))
    assert problems_of(path) == [
        "mailbox.security: `none` sends the password in clear text to mail.example.gov.tr — use `ssl` "
        "(port 993) or `starttls` (port 143); `none` is allowed only on loopback"
    ]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_plain_imap_on_loopback_is_allowed(tmp_path: Path, host: str) -> None:
    text = VALID.replace("security: ssl", "security: none").replace(
        "host: mail.example.gov.tr", f'host: "{host}"'
    )
    config = load_config(write(tmp_path, text))
    assert (config.mailbox.host, config.mailbox.security) == (host, "none")


def test_every_problem_is_listed_with_key_and_fix(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        mailbox:
          host: mail.example.gov.tr
          port: 99999
          security: tls
          folders: {processed: INBOX}
        office:
          addresses: [not-an-address]
        units:
          - id: GHGM!
            name: Gençlik Hizmetleri Genel Müdürlüğü
            addresses: [sosyalmedya@ghgm.example.gov.tr]
          - id: shgm
            name: Spor Hizmetleri Genel Müdürlüğü
            addresses: [sosyalmedya@ghgm.example.gov.tr]
        site: {url: intranet.example.gov.tr}
        """,
    )
    assert problems_of(path) == [
        "mailbox.security: must be one of ssl, starttls, none, got 'tls' — write `security: ssl`",
        "mailbox.port: must be a whole number between 1 and 65535, got 99999 — write e.g. `port: 993`",
        "mailbox.folders: the inbox and the outcome folders must all differ — give processed, rejected "
        "and quarantine distinct names",
        "mailbox.username: is missing — add `username:`",
        "office.name: is missing — add `name:`",
        "office.addresses[0]: 'not-an-address' is not an email address — write a plain address such as "
        "sosyalmedya@birim.gov.tr",
        "authentication: is missing — add a `authentication:` section (see intake.example.yml)",
        "authentication.authserv_id: is missing — add `authserv_id:` with the host name your own mail "
        "server writes in Authentication-Results",
        "units[0].id: 'GHGM!' is not a valid unit id — use lower-case ASCII letters, digits and '-', at "
        "most 32 characters (e.g. gsgm)",
        "units[1].addresses: sosyalmedya@ghgm.example.gov.tr is already registered to unit 'GHGM!' — an "
        "address may belong to one unit only",
        "site.url: 'intranet.example.gov.tr' is not an http(s) address — write the intranet address, e.g. "
        "https://intranet.example.gov.tr/sosyal-medya/",
    ]


def test_unknown_keys_warn_but_load(tmp_path: Path) -> None:
    path = write(
        tmp_path, VALID.replace("  port: 993\n", "  port: 993\n  portt: 994\n") + "extra: 1\n"
    )
    config = load_config(path)
    assert config.warnings == (
        "(top).extra: unknown key, ignored (known: authentication, limits, mailbox, office, paths, reminders, reshares, site, smtp, units)",
        "mailbox.portt: unknown key, ignored (known: batch_size, ca_file, folder, folders, host, maildir, "
        "password, password_env, port, security, timeout, username)",
    )


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert problems_of(write(tmp_path, "")) == [
        "intake.yml: is missing — add a `intake.yml:` section (see intake.example.yml)",
        "mailbox: is missing — add a `mailbox:` section (see intake.example.yml)",
        "mailbox.host: is missing — add `host: mail.example.gov.tr` (or `maildir: PATH`)",
        "mailbox.username: is missing — add `username:`",
        "office: is missing — add a `office:` section (see intake.example.yml)",
        "office.name: is missing — add `name:`",
        "office.addresses: is missing — add `addresses: [name@example.gov.tr]`",
        "authentication: is missing — add a `authentication:` section (see intake.example.yml)",
        "authentication.authserv_id: is missing — add `authserv_id:` with the host name your own mail "
        "server writes in Authentication-Results",
        "units: must be a non-empty list of units — add `units:` with one `- id: … name: … addresses: "
        "[...]` entry per unit",
    ]


def test_maildir_that_does_not_exist(tmp_path: Path) -> None:
    text = VALID.replace(
        "mailbox:\n  host: mail.example.gov.tr\n  port: 993\n  security: ssl\n  username: sosyalmedya\n"
        "  password_env: INTAKE_IMAP_PASSWORD\n"
        "  folders: {processed: İşlenen, rejected: Reddedilen, quarantine: Karantina}\n",
        "mailbox:\n  maildir: posta\n",
    )
    assert problems_of(write(tmp_path, text)) == [
        f"mailbox.maildir: folder {tmp_path / 'posta'} does not exist — point it at a Maildir (a folder "
        "with cur/ and new/) or remove it to use IMAP"
    ]


def test_office_address_cannot_be_a_unit(tmp_path: Path) -> None:
    text = VALID.replace(
        "addresses: [sosyalmedya@ghgm.example.gov.tr]", "addresses: [siid@example.gov.tr]"
    )
    assert problems_of(write(tmp_path, text)) == [
        "units[ghgm].addresses: siid@example.gov.tr is also an office address — an office address cannot "
        "belong to a unit"
    ]


# ---- through the CLI: exit code and the exact error line ----------------------------------


def test_cli_missing_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "yok.yml"
    assert main(["--config", str(missing), "check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        err
        == f"error: {missing}: file not found — copy intake.example.yml to intake.yml, or pass --config PATH\n"
    )


def test_cli_config_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "env.yml"
    monkeypatch.setenv("INTAKE_CONFIG", str(missing))
    assert main(["check"]) == 1
    assert capsys.readouterr().err.startswith(f"error: {missing}: file not found")


def test_cli_config_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path), "check"]) == 1
    assert capsys.readouterr().err == (
        f"error: {tmp_path}: cannot be read (Is a directory) — pass --config with a readable file\n"
    )


def test_cli_invalid_yaml_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "mailbox:\n  host: mail.example.gov.tr\n   port: 993\noffice: {}\n")
    assert main(["--config", str(path), "check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"error: {path}: line 3: not valid YAML (mapping values are not allowed here) — fix the "
        "indentation or quoting on that line\n"
    )


def test_cli_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "intake.yml"
    path.write_bytes(VALID.encode("cp1254"))
    assert main(["--config", str(path), "check"]) == 1
    assert capsys.readouterr().err == (
        f"error: {path}: not UTF-8 (invalid continuation byte) — save the file as UTF-8\n"
    )


def test_cli_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path,
        VALID.replace("security: ssl", "security: none")
        .replace("  username: sosyalmedya\n", "  username: sosyalmedya\n  password: hunter2\n")
        .replace("authserv_id: mail.example.gov.tr", "require: dkim2"),
    )
    assert main(["--config", str(path), "fetch"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"error: {path}: mailbox.password: secrets are not read from intake.yml — remove it and set the "
        "variable named by `password_env` (default INTAKE_IMAP_PASSWORD) (and 3 more)",
        f"{path}: mailbox.password: secrets are not read from intake.yml — remove it and set the variable "
        "named by `password_env` (default INTAKE_IMAP_PASSWORD)",
        f"{path}: mailbox.security: `none` sends the password in clear text to mail.example.gov.tr — use "
        "`ssl` (port 993) or `starttls` (port 143); `none` is allowed only on loopback",
        f"{path}: authentication.authserv_id: is missing — add `authserv_id:` with the host name your own "
        "mail server writes in Authentication-Results",
        f"{path}: authentication.require: must be one of dmarc, dkim, spf, none, got 'dkim2' — write "
        "`require: dmarc`",
    ]


def test_cli_warns_about_unknown_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "meeting.yml").write_bytes(
        (ROOT / "calendar" / "meeting.yml").read_bytes()
    )
    path = write(tmp_path, VALID + "office_hours: 9-17\n")
    assert main(["--config", str(path), "check"]) == 0
    out, err = capsys.readouterr()
    assert err == (
        f"warning: {path}: (top).office_hours: unknown key, ignored (known: authentication, limits, "
        "mailbox, office, paths, reminders, reshares, site, smtp, units)\n"
    )
    assert (
        out
        == "ok: intake.yml, submissions, crisis notice, meeting series and ministry posts are valid\n"
    )
