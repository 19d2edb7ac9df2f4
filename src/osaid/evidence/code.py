"""Find code in a release and the role each file plays (data processing, training, …).

Roles come from path patterns and imports (`data/code-roles.yaml`). Python files are never
imported or executed: their first bytes are read as text and `import` lines matched.
"""

from __future__ import annotations

import posixpath
import re

from osaid.evidence._rules import RoleRule, code_rules
from osaid.evidence.links import weights_file_urls
from osaid.sources.evidence import Detector, Evidence, EvidenceKind, Span
from osaid.sources.interface import FileEntry, ReleaseTree, SourceError

CONFIG_BYTES = 64 * 1024
"""Bytes read from a configuration file to see whether it sets training."""
_CONFIG_ROLES = frozenset({"training-configuration", "tokenizer"})
UNNAMED_CONFIG_KEYS = 2
"""Training keys a configuration whose path says nothing must set to be training
configuration: one (a lone ``lr`` or ``optimizer``) is as likely an inference setting."""
DEFINES_BYTES = 64 * 1024
"""Bytes read from a file whose generic name needs its text to say what it is."""
HEAD_BYTES = 4096
"""Bytes read from the top of each code file, for imports and SPDX headers."""
MAX_HEAD_READS = 5000
"""Code files whose heads are read; beyond that only paths are used (bounded I/O)."""

_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.MULTILINE)
MAX_URLS = 20
"""Most model ids a file starts from, and weights URLs of the whole code, that are kept."""
_SPDX = re.compile(r"SPDX-License-Identifier:\s*([^\n*\"']+?)\s*(?:\*/|-->|$)", re.MULTILINE)


def _ext(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


class CodeDetector(Detector):
    name = "code-roles"

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        rules = code_rules()
        out: list[Evidence] = []
        reads = 0
        weights: list[tuple[str, str]] = []
        for entry in files:
            if entry.archive is not None or entry.symlink is not None:
                continue
            ext = _ext(entry.path)
            is_code = ext in rules.code_extensions
            is_config = ext in rules.config_extensions
            lower = entry.path.lower()
            dirs = lower.split("/")[:-1]
            if any(d in rules.ignored_dirs for d in dirs):
                continue
            in_tests = any(d in rules.test_dirs for d in dirs) or bool(
                rules.test_files.match(posixpath.basename(lower))
            )
            roles: dict[str, str] = {}
            for rule in rules.roles:
                if rule.component not in _CONFIG_ROLES and not is_code:
                    continue  # a results file in evals/ is not evaluation code
                if in_tests and rule.component != "validation-code":
                    continue  # a dummy model in tests/ is a fixture, not the architecture
                for pattern in rule.paths:
                    if pattern.search(lower):
                        roles.setdefault(rule.component, f"path matches {pattern.pattern!r}")
                        break
                else:
                    how = self._defines(tree, entry, rule) if is_code else None
                    if how is not None:
                        roles.setdefault(rule.component, how)
            if "training-configuration" in roles and not self._sets_training(tree, entry):
                del roles["training-configuration"]
            elif is_config and not roles and not in_tests and reads < MAX_HEAD_READS:
                reads += 1
                keys = self._training_keys_set(tree, entry)
                if len(keys) >= UNNAMED_CONFIG_KEYS:
                    roles["training-configuration"] = f"sets training: {', '.join(keys)}"
            imports: set[str] = set()
            spdx: list[tuple[str, int]] = []
            loads: list[str] = []
            takes_model = False
            if is_code and reads < MAX_HEAD_READS and entry.size > 0:
                reads += 1
                head = tree.read_bytes(entry.path, 0, HEAD_BYTES).decode("utf-8", "replace")
                if ext == ".py":
                    for m in _IMPORT.finditer(head):
                        imports.add((m.group(1) or m.group(2)).split(".")[0])
                spdx.extend(
                    (m.group(1).strip(), head.count("\n", 0, m.start()) + 1)
                    for m in _SPDX.finditer(head)
                )
                loads = list(dict.fromkeys(m[1] for m in rules.starting_model.finditer(head)))
                takes_model = rules.takes_model.search(head) is not None
                if not in_tests:
                    weights.extend((entry.path, url) for url in weights_file_urls(head))
            for rule in rules.roles:
                if in_tests and rule.component != "validation-code":
                    continue
                hit = sorted(rule.imports & imports) or sorted(
                    i for i in rule.imports if "." in i and i.split(".")[0] in imports
                )
                if hit and not (
                    rule.component == "training-code" and rules.not_training_paths.search(lower)
                ):
                    # (a generation demo imports deepspeed to run the model, not to train it)
                    roles.setdefault(rule.component, f"imports {', '.join(hit)}")
            if not (is_code or is_config) and not roles:
                continue
            if not is_code and not roles:
                continue
            location = tree.url_for(entry.path)
            data: dict[str, object] = {"bytes": entry.size, "language": ext.lstrip(".")}
            if loads:
                data["loads_models"] = loads[:MAX_URLS]
            if takes_model:
                data["takes_model"] = True
            for component, how in roles.items():
                out.append(
                    Evidence(
                        EvidenceKind.TOKENIZER if component == "tokenizer" else EvidenceKind.CODE,
                        entry.path,
                        how,
                        component=component,
                        data=dict(data),
                        location=location,
                    )
                )
            if is_code and not roles:
                out.append(
                    Evidence(
                        EvidenceKind.CODE,
                        entry.path,
                        "source file with no recognised role",
                        data=data,
                        location=location,
                    )
                )
            for expression, line in spdx:
                out.append(
                    Evidence(
                        EvidenceKind.SPDX_HEADER,
                        entry.path,
                        "SPDX-License-Identifier header",
                        span=Span(start_line=line, end_line=line),
                        data={"expression": expression},
                        location=location,
                    )
                )
        return out + _weights_urls(tree, weights)

    @staticmethod
    def _defines(tree: ReleaseTree, entry: FileEntry, rule: RoleRule) -> str | None:
        """How a file has `rule`'s role by a `defining_paths` match and its text (the
        class it defines); None when it has not, or its text cannot be read."""
        pattern = next((p for p in rule.defining_paths if p.search(entry.path.lower())), None)
        if pattern is None or rule.defines is None:
            return None
        found = rule.defines.search(_text(tree, entry, DEFINES_BYTES) or "")
        if found is None:
            return None
        what = " ".join(found.group(0).split())
        return f"path matches {pattern.pattern!r} and the file defines {what!r}"

    @staticmethod
    def _training_keys_set(tree: ReleaseTree, entry: FileEntry) -> list[str]:
        """The training keys a configuration file whose path says nothing sets (EleutherAI's
        pythia keeps the GPT-NeoX configurations of its runs in models/160M/pythia-160m.yml);
        none when its path says it is for inference, evaluation or deployment."""
        rules = code_rules()
        if rules.not_training_paths.search(entry.path.lower()):
            return []
        text = _text(tree, entry, CONFIG_BYTES) or ""
        found = (m.group(1).lower() for m in rules.training_keys.finditer(text))
        return sorted(set(found))

    @staticmethod
    def _sets_training(tree: ReleaseTree, entry: FileEntry) -> bool:
        """A configuration is for training when it sets training parameters; when its text
        cannot be read (binary, sparse), its training-like path decides."""
        rules = code_rules()
        if rules.not_training_paths.search(entry.path.lower()):
            return False
        text = _text(tree, entry, CONFIG_BYTES)
        return text is None or rules.training_keys.search(text) is not None


def _weights_urls(tree: ReleaseTree, found: list[tuple[str, str]]) -> list[Evidence]:
    """URLs of weights files written in the code (openai/whisper downloads its checkpoints
    from the URLs in whisper/__init__.py), the first few. Whose weights they are is decided
    with the card (evidence/assemble.py): a loss network's weights are no release's."""
    out = []
    for path, url in list(dict.fromkeys(found))[:MAX_URLS]:
        out.append(
            Evidence(
                EvidenceKind.PARAMETERS_LINK,
                path,
                f"a URL of a weights file in {path}",
                data={"url": url, "origin": "code"},
                location=tree.url_for(path),
            )
        )
    return out


def _text(tree: ReleaseTree, entry: FileEntry, limit: int) -> str | None:
    """The first `limit` bytes of a file as text; None when it is empty, an LFS pointer, or
    cannot be read as text."""
    if entry.size == 0 or entry.lfs:
        return None
    try:
        return tree.read_text(entry.path, limit)
    except SourceError:
        return None
