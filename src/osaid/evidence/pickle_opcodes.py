"""Static analysis of pickle streams. Nothing is ever unpickled.

Pickle (raw `.pkl`/`.bin`/`.pt` files, the `data.pkl` inside zip-based PyTorch files, object
arrays in `.npy`) can run any code when it is loaded. `scan_pickle` reads a bounded prefix of
the stream and walks its opcodes with `pickletools.genops` (which only parses) through a small
symbolic stack: no object is built, no import happens. It collects every import the stream
would perform (GLOBAL, STACK_GLOBAL, INST, extension codes) and classifies them:

* **dangerous**: modules and callables that run commands or code, touch files or the network
  (`os`, `posix`, `subprocess`, `builtins.eval`/`exec`/`__import__`/`getattr`, `sys`,
  `socket`, `shutil`, `runpy`, `importlib`, …);
* **unknown**: any other import outside `SAFE_GLOBALS`, the allowlist of what plain PyTorch
  and NumPy state dicts need.

When the maintained scanner `picklescan` is installed its verdict is merged in. The same walk
reads, for PyTorch state dicts, the storages (dtype, element count), the tensor shapes and
their names, which the weights headers use for parameter counts (`osaid.evidence.headers`).
The risk evidence itself is made by `osaid.evidence.pickles`.
"""

from __future__ import annotations

import importlib
import io
import logging
import math
import pickletools
import zipfile
from dataclasses import dataclass, field
from typing import Any

from osaid.sources.archive_members import open_reader
from osaid.sources.interface import FileEntry, ReleaseTree

PICKLE_MAX_BYTES = 8 * 1024 * 1024
"""Most bytes of one pickle stream scanned (a 70B-parameter state dict's data.pkl is ~1 MB)."""
MAX_OPCODES = 2_000_000
"""Most opcodes walked in one stream."""
MAX_PICKLES_PER_ZIP = 16
"""Most `.pkl` members of one zip-based file scanned."""


SAFE_GLOBALS = frozenset(
    {
        "collections.OrderedDict",
        "collections.defaultdict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_qtensor",
        "torch._utils._rebuild_sparse_tensor",
        "torch._utils._rebuild_meta_tensor_no_storage",
        "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._tensor._rebuild_from_type_v2",
        "torch.Size",
        "torch.device",
        "torch.dtype",
        "torch.nn.parameter.Parameter",
        "torch.storage.UntypedStorage",
        "torch.serialization._get_layout",
        "numpy.core.multiarray._reconstruct",
        "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray.scalar",
        "numpy._core.multiarray.scalar",
        "numpy.ndarray",
        "numpy.dtype",
        "_codecs.encode",
        "builtins.set",
        "builtins.frozenset",
        "builtins.slice",
        "builtins.complex",
        "builtins.bytearray",
        "__builtin__.set",
        "__builtin__.frozenset",
        "__builtin__.slice",
        "__builtin__.complex",
        "__builtin__.bytearray",
        "copy_reg._reconstructor",
        "copyreg._reconstructor",
    }
)
"""Imports a plain PyTorch or NumPy tensor pickle needs (plus `torch.*Storage`, dtypes)."""

_TORCH_DTYPES = frozenset(
    {
        "float16",
        "float32",
        "float64",
        "bfloat16",
        "half",
        "float",
        "double",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "bool",
        "complex64",
        "complex128",
        "float8_e4m3fn",
        "float8_e5m2",
        "long",
        "int",
        "short",
    }
)

DANGEROUS_MODULES = frozenset(
    {
        "os",
        "posix",
        "nt",
        "subprocess",
        "sys",
        "socket",
        "shutil",
        "runpy",
        "importlib",
        "pty",
        "commands",
        "ctypes",
        "multiprocessing",
        "webbrowser",
        "code",
        "codeop",
        "pickle",
        "_pickle",
        "marshal",
        "asyncio",
        "urllib",
        "requests",
        "http",
        "httplib",
        "ftplib",
        "smtplib",
        "telnetlib",
        "ssl",
        "signal",
        "pdb",
        "bdb",
        "timeit",
        "cProfile",
        "profile",
        "pydoc",
        "pip",
        "venv",
        "ensurepip",
        "tempfile",
        "glob",
        "io",
        "_io",
        "pathlib",
        "types",
        "cloudpickle",
        "dill",
        "joblib",
        "_posixsubprocess",
    }
)
"""Any import from these modules (or their submodules) can run commands or code."""

DANGEROUS_GLOBALS = frozenset(
    {
        f"{mod}.{name}"
        for mod in ("builtins", "__builtin__")
        for name in (
            "eval",
            "exec",
            "execfile",
            "compile",
            "__import__",
            "getattr",
            "setattr",
            "delattr",
            "open",
            "breakpoint",
            "input",
            "globals",
            "locals",
            "vars",
            "apply",
            "memoryview",
        )
    }
    | {
        "operator.attrgetter",
        "operator.methodcaller",
        "operator.itemgetter",
        "_operator.attrgetter",
        "_operator.methodcaller",
        "_operator.itemgetter",
        "functools.partial",
        "functools.reduce",
        "pkgutil.resolve_name",
        "torch.load",
        "torch.serialization.load",
        "numpy.load",
        "numpy.testing._private.utils.runstring",
        "logging.FileHandler",
        "uuid._get_command_stdout",
    }
)
"""Single callables that run code, fetch attributes or open files."""

_log = logging.getLogger("picklescan")
_log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class TorchStorage:
    """A storage referenced by a PyTorch pickle (persistent id `('storage', type, key, …)`)."""

    key: str
    dtype: str
    numel: int


MAX_TENSOR_NAMES = 100_000
"""Most state-dict keys kept from one pickle."""


@dataclass
class PickleScan:
    """What the opcodes of one pickle stream would import and reference."""

    imports: list[str] = field(default_factory=list)
    """Every `module.name` the stream imports, sorted."""
    dangerous: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    opcodes: int = 0
    pickles: int = 0
    """Complete pickles (STOP reached) in the stream."""
    bytes_scanned: int = 0
    truncated: bool = False
    """The stream was longer than the byte cap (only its prefix was scanned)."""
    error: str | None = None
    scanner: str = "pickletools"
    storages: list[TorchStorage] = field(default_factory=list)
    tensor_shapes: list[tuple[int, ...]] = field(default_factory=list)
    tensor_names: list[str] = field(default_factory=list)
    """State-dict keys whose value is a rebuilt tensor (bounded)."""

    @property
    def severity(self) -> str | None:
        """ "high" (dangerous imports), "medium" (unknown imports) or None (clean)."""
        if self.dangerous:
            return "high"
        if self.unknown:
            return "medium"
        return None


class _Mark:
    pass


class _Opaque:
    pass


_MARK = _Mark()
_OPAQUE = _Opaque()


class _Global(str):
    """An imported name on the symbolic stack."""


class _Call:
    __slots__ = ("func", "args")

    def __init__(self, func: object, args: object) -> None:
        self.func = func
        self.args = args


def _is_safe(name: str) -> bool:
    if name in SAFE_GLOBALS:
        return True
    module, _, attr = name.rpartition(".")
    if module == "torch" and (attr.endswith("Storage") or attr in _TORCH_DTYPES):
        return True
    return False


def _is_dangerous(name: str) -> bool:
    if name in DANGEROUS_GLOBALS:
        return True
    module = name.rpartition(".")[0] or name
    parts = module.split(".")
    return any(".".join(parts[: i + 1]) in DANGEROUS_MODULES for i in range(len(parts)))


def classify_import(name: str) -> str:
    """ "safe", "dangerous" or "unknown" for one `module.name` import."""
    if _is_dangerous(name):
        return "dangerous"
    return "safe" if _is_safe(name) else "unknown"


def _storage_dtype(name: str) -> str:
    attr = name.rpartition(".")[2]
    table = {
        "FloatStorage": "float32",
        "DoubleStorage": "float64",
        "HalfStorage": "float16",
        "BFloat16Storage": "bfloat16",
        "LongStorage": "int64",
        "IntStorage": "int32",
        "ShortStorage": "int16",
        "CharStorage": "int8",
        "ByteStorage": "uint8",
        "BoolStorage": "bool",
        "ComplexFloatStorage": "complex64",
        "ComplexDoubleStorage": "complex128",
        "UntypedStorage": "uint8",
    }
    return table.get(attr, attr.removesuffix("Storage").lower() or "unknown")


def _walk(data: bytes, scan: PickleScan, multiple: bool) -> set[str]:
    """Walk the opcodes of one or more consecutive pickles; return the imports."""
    imports: set[str] = set()
    stream = io.BytesIO(data)
    seen_storage: set[str] = set()
    while stream.tell() < len(data):
        stack: list[object] = []
        memo: dict[int, object] = {}
        stopped = False
        try:
            for op, arg, _pos in pickletools.genops(stream):
                scan.opcodes += 1
                if scan.opcodes > MAX_OPCODES:
                    scan.truncated = True
                    return imports
                _step(op, arg, stack, memo, imports, scan, seen_storage)
                if op.name == "STOP":
                    stopped = True
        except Exception as exc:  # a malformed or truncated stream
            scan.error = f"{type(exc).__name__}: {exc}"
            return imports
        if stopped:
            scan.pickles += 1
        if not multiple or not stopped:
            break
    return imports


def _pop(stack: list[object]) -> object:
    if not stack:
        raise ValueError("stack underflow")
    return stack.pop()


def _pop_to_mark(stack: list[object]) -> list[object]:
    for i in range(len(stack) - 1, -1, -1):
        if stack[i] is _MARK:
            items = stack[i + 1 :]
            del stack[i:]
            return items
    raise ValueError("no mark on the stack")


def _step(
    op: pickletools.OpcodeInfo,
    arg: Any,
    stack: list[object],
    memo: dict[int, object],
    imports: set[str],
    scan: PickleScan,
    seen_storage: set[str],
) -> None:
    name = op.name
    if name in ("GLOBAL", "INST"):
        module, _, attr = str(arg).partition(" ")
        imports.add(f"{module}.{attr}")
        if name == "GLOBAL":
            stack.append(_Global(f"{module}.{attr}"))
            return
        _pop_to_mark(stack)
        stack.append(_OPAQUE)
        return
    if name == "STACK_GLOBAL":
        attr_obj, module_obj = _pop(stack), _pop(stack)
        mod = module_obj if isinstance(module_obj, str) else "unknown"
        att = attr_obj if isinstance(attr_obj, str) else "unknown"
        imports.add(f"{mod}.{att}")
        stack.append(_Global(f"{mod}.{att}"))
        return
    if name in ("EXT1", "EXT2", "EXT4"):
        imports.add(f"copyreg.extension_{arg}")
        stack.append(_OPAQUE)
        return
    if name in ("PUT", "BINPUT", "LONG_BINPUT"):
        memo[int(arg)] = stack[-1] if stack else _OPAQUE
        return
    if name == "MEMOIZE":
        memo[len(memo)] = stack[-1] if stack else _OPAQUE
        return
    if name in ("GET", "BINGET", "LONG_BINGET"):
        stack.append(memo.get(int(arg), _OPAQUE))
        return
    if name == "DUP":
        stack.append(stack[-1] if stack else _OPAQUE)
        return
    if name == "MARK":
        stack.append(_MARK)
        return
    if name == "TUPLE":
        stack.append(tuple(_pop_to_mark(stack)))
        return
    if name in ("TUPLE1", "TUPLE2", "TUPLE3"):
        n = int(name[-1])
        items = [_pop(stack) for _ in range(n)]
        stack.append(tuple(reversed(items)))
        return
    if name == "EMPTY_TUPLE":
        stack.append(())
        return
    if name == "REDUCE":
        args, func = _pop(stack), _pop(stack)
        if isinstance(func, _Global) and func.startswith("torch._utils._rebuild_tensor"):
            if isinstance(args, tuple) and len(args) > 2 and isinstance(args[2], tuple):
                shape = tuple(d for d in args[2] if isinstance(d, int))
                if len(shape) == len(args[2]):
                    scan.tensor_shapes.append(shape)
        stack.append(_Call(func, args))
        return
    if name == "BUILD":
        _pop(stack)
        return
    if name in ("SETITEM", "SETITEMS"):
        # A state dict is a dict of name -> rebuilt tensor; keep the names, leave the dict.
        pairs = _pop_to_mark(stack) if name == "SETITEMS" else [_pop(stack), _pop(stack)][::-1]
        for key, value in zip(pairs[::2], pairs[1::2], strict=False):
            if (
                isinstance(key, str)
                and isinstance(value, _Call)
                and isinstance(value.func, _Global)
                and value.func.startswith("torch._utils._rebuild_tensor")
                and len(scan.tensor_names) < MAX_TENSOR_NAMES
            ):
                scan.tensor_names.append(key)
        return
    if name == "BINPERSID":
        pid = _pop(stack)
        if isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage":
            key, numel = str(pid[2]), pid[4]
            if key not in seen_storage and isinstance(numel, int):
                seen_storage.add(key)
                dtype = _storage_dtype(str(pid[1])) if isinstance(pid[1], str) else "unknown"
                scan.storages.append(TorchStorage(key, dtype, numel))
        stack.append(_OPAQUE)
        return
    if op.stack_before == [] and len(op.stack_after) == 1 and op.arg is not None:
        # A constant (int, str, bytes, float, …): keep small values for the walk.
        if isinstance(arg, (int, str)) and not isinstance(arg, bool):
            stack.append(arg if not isinstance(arg, str) or len(arg) < 256 else _OPAQUE)
        else:
            stack.append(_OPAQUE)
        return
    # Anything else: pop what the opcode consumes, push placeholders for what it makes.
    for before in reversed(op.stack_before):
        if before is pickletools.stackslice:
            _pop_to_mark(stack)
        elif before is pickletools.markobject:
            continue  # removed with the stack slice
        else:
            _pop(stack)
    stack.extend(_OPAQUE for _ in op.stack_after)


def _picklescan_dangerous(data: bytes) -> tuple[set[str], str] | None:
    """Imports that the `picklescan` package rates dangerous, and its version, if installed."""
    try:
        scanner = importlib.import_module("picklescan.scanner")
    except ImportError:
        return None
    try:
        from importlib.metadata import version

        ver = version("picklescan")
    except Exception:  # metadata is only informative
        ver = "?"
    try:
        result = scanner.scan_pickle_bytes(io.BytesIO(data), "pickle")
    except Exception:  # its failure must not stop our own scan
        return set(), ver
    found = {
        f"{g.module}.{g.name}"
        for g in result.globals
        if getattr(g.safety, "value", "") == "dangerous"
    }
    return found, ver


def scan_pickle(data: bytes, *, truncated: bool = False, multiple: bool = True) -> PickleScan:
    """Statically scan pickle bytes (never unpickles). `truncated`: data is a prefix."""
    scan = PickleScan(bytes_scanned=len(data), truncated=truncated)
    imports = _walk(data, scan, multiple)
    dangerous = {i for i in imports if classify_import(i) == "dangerous"}
    ps = _picklescan_dangerous(data)
    if ps is not None:
        found, ver = ps
        dangerous |= found
        imports |= found
        scan.scanner = f"pickletools + picklescan {ver}"
    scan.imports = sorted(imports)
    scan.dangerous = sorted(dangerous)
    scan.unknown = sorted(i for i in imports - dangerous if classify_import(i) == "unknown")
    return scan


def read_zip_member(tree: ReleaseTree, entry: FileEntry, member: str, limit: int) -> bytes:
    """At most `limit` bytes of one member of a zip-based file."""
    with zipfile.ZipFile(open_reader(tree, entry)) as zf, zf.open(member) as fh:
        data: bytes = fh.read(limit)
        return data


def shape_elements(shapes: list[tuple[int, ...]]) -> int:
    """Total elements of a list of tensor shapes."""
    return sum(math.prod(s) for s in shapes)
