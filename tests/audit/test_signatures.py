"""Signed commits: the audit reports each commit's signature status, verified when it can be."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from gitbook import GitBook, forecast, requires_git

from foretell.audit import Signature, audit_book

pytestmark = [
    requires_git,
    pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed"),
]


def ssh_key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def test_ssh_signatures_are_reported_and_verified(tmp_path: Path) -> None:
    repo = GitBook(tmp_path / "repo", tmp_path / "home")
    trusted = ssh_key(tmp_path, "trusted")
    stranger = ssh_key(tmp_path, "stranger")
    allowed = tmp_path / "allowed_signers"
    public = trusted.with_suffix(".pub").read_text(encoding="utf-8").split()
    allowed.write_text(f"ada@example.org {public[0]} {public[1]}\n", encoding="utf-8")
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "gpg.ssh.allowedSignersFile", str(allowed))

    repo.write("forecasts/signed.yaml", forecast(0.6))
    repo.git("config", "user.signingkey", str(trusted.with_suffix(".pub")))
    repo.git("add", "-A")
    repo.git("commit", "-q", "-S", "-m", "Signed", date="2026-01-10T12:00:00Z")

    repo.write("forecasts/stranger.yaml", forecast(0.4))
    repo.git("config", "user.signingkey", str(stranger.with_suffix(".pub")))
    repo.git("add", "-A")
    repo.git("commit", "-q", "-S", "-m", "Signed by a stranger", date="2026-01-11T12:00:00Z")

    repo.write("forecasts/unsigned.yaml", forecast(0.5))
    repo.commit("2026-01-12T12:00:00Z", "Unsigned")

    result = audit_book(repo.book)
    status = {audit.forecast: audit.first.signature for audit in result.predictions if audit.first}
    assert status["signed"] is Signature.GOOD
    assert status["stranger"].is_signed
    assert status["stranger"] is not Signature.GOOD
    assert status["unsigned"] is Signature.NONE
    assert result.signatures["good"] == 1
    assert result.signatures["none"] == 1
    first = next(a for a in result.predictions if a.forecast == "signed").first
    assert first is not None
    assert first.to_json()["signature"] == "good"
    assert first.signer == "ada@example.org"


@pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg is not installed")
def test_gpg_signature_is_verified_only_where_the_key_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A short folder: gpg-agent's socket path must stay short.
    home = Path(tempfile.mkdtemp(prefix="fg", dir="/tmp"))
    try:
        environment = {**os.environ, "GNUPGHOME": str(home)}
        made = subprocess.run(
            [
                "gpg",
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "",
                "--quick-gen-key",
                "Ada Writer <ada@example.org>",
                "ed25519",
                "sign",
                "never",
            ],
            env=environment,
            capture_output=True,
            timeout=60,
            check=False,
        )
        if made.returncode != 0:
            pytest.skip(f"gpg cannot make a key here: {made.stderr.decode()[:200]}")
        listing = subprocess.run(
            ["gpg", "--batch", "--with-colons", "--list-secret-keys"],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        fingerprint = next(
            line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:")
        )
        repo = GitBook(tmp_path / "repo", tmp_path / "home")
        repo.environment["GNUPGHOME"] = str(home)
        repo.git("config", "user.signingkey", fingerprint)
        repo.write("forecasts/signed.yaml", forecast(0.6))
        repo.git("add", "-A")
        repo.git("commit", "-q", "-S", "-m", "Signed", date="2026-01-10T12:00:00Z")

        monkeypatch.setenv("GNUPGHOME", str(home))
        with_key = audit_book(repo.book).prediction("signed", 0)
        assert with_key is not None
        assert with_key.first is not None
        assert with_key.first.signature is Signature.GOOD

        empty = tmp_path / "no-keys"
        empty.mkdir(mode=0o700)
        monkeypatch.setenv("GNUPGHOME", str(empty))
        without_key = audit_book(repo.book).prediction("signed", 0)
        assert without_key is not None
        assert without_key.first is not None
        assert without_key.first.signature is Signature.UNVERIFIED
    finally:
        if shutil.which("gpgconf"):
            subprocess.run(
                ["gpgconf", "--kill", "gpg-agent"],
                env={**os.environ, "GNUPGHOME": str(home)},
                capture_output=True,
                check=False,
            )
        shutil.rmtree(home, ignore_errors=True)
