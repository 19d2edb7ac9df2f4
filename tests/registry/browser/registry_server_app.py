"""The application the browser tests serve with uvicorn (`--factory`).

A real registry over the SQLite file named by `$OSAID_REGISTRY_DB`, with rate limits off and
a Hugging Face loader that needs no network: it waits a little (so the progress page has
something to show) and evaluates the fixture manifest `open-tiny.yaml` under the repo's name.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

from osaid.evaluation.system import System
from osaid.manifest.load import load_system_text
from osaid.registry.app import Settings, create_app
from osaid.registry.auth import RateLimits

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "manifests" / "open-tiny.yaml"


def fake_hf_loader(repo_id: str) -> System:
    time.sleep(float(os.environ.get("OSAID_TEST_HF_DELAY", "1.5")))
    text = FIXTURE.read_text("utf-8").replace("name: Open-Tiny", f"name: {repo_id.split('/')[-1]}")
    return load_system_text(text, name=f"hf-{repo_id.replace('/', '-')}.yaml")


def make_app() -> FastAPI:
    settings = replace(Settings.from_env(), rate_limits=RateLimits.off(), hf_loader=fake_hf_loader)
    return create_app(os.environ["OSAID_REGISTRY_DB"], settings=settings)
